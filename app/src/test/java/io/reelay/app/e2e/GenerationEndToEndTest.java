package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline on the real stack: Temporal dev server + PostgreSQL + the app over HTTP,
 * with the simulated provider reached over real HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GenerationEndToEndTest {

  private static LocalStack stack;
  private static WorkflowClient temporal;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "2",
                // the callback model's fallback poll is far away: finishing fast proves the signal path
                "REELAY_SIM_FAST_POLL_SECONDS", "120",
                "REELAY_SIM_POLL_SECONDS", "1",
                // these tests poll hard; rate limits have their own test
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
    temporal = stack.temporalClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void bothSimModelsCompleteWithARealVideoAndAnExactCharge() throws Exception {
    String key = stack.newAccount("e2e-both", "1.00");

    long started = System.currentTimeMillis();
    Map<String, Object> fastRequest = request("sim-fast", "a lighthouse at dusk", 2, "16:9", "480p", 7);
    fastRequest.put("webhook_url", "https://hooks.example.com/reelay?sig=hook-secret-123");
    fastRequest.put("metadata", Map.of("order", "order-secret-456"));
    JsonNode fast = create(key, fastRequest, 201);
    assertEquals("https://hooks.example.com/reelay?sig=hook-secret-123", fast.get("webhook_url").asText());
    assertEquals("order-secret-456", fast.get("metadata").get("order").asText());
    assertEquals("sim-fast", fast.get("model").asText());
    assertEquals("sim", fast.get("provider").asText());
    assertEquals(0, new BigDecimal("0.10").compareTo(fast.get("estimated_cost_usd").decimalValue()));
    assertTrue(fast.get("cost_usd").isNull());
    JsonNode poll = create(key, request("sim-poll", "waves on rocks", 3, "9:16", "720p", 11), 201);

    JsonNode fastDone = stack.awaitStatus(key, fast.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertTrue(
        System.currentTimeMillis() - started < 60_000,
        "sim-fast must finish through the callback, long before its 120 s fallback poll");
    JsonNode pollDone = stack.awaitStatus(key, poll.get("id").asText(), "completed", Duration.ofSeconds(90));

    checkVideo(key, fastDone, 2, 854, 480);
    checkVideo(key, pollDone, 3, 720, 1280);

    BigDecimal spent = fastDone.get("cost_usd").decimalValue().add(pollDone.get("cost_usd").decimalValue());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").subtract(spent).compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
    assertEquals(0, spent.compareTo(balance.get("total_spent_usd").decimalValue()));

    for (JsonNode g : new JsonNode[] {fastDone, pollDone}) {
      String workflowId = "generation-" + g.get("id").asText();
      assertEquals(1, ledgerEntries(g.get("id").asText(), "capture"));
      assertEquals(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
          temporal.newUntypedWorkflowStub(workflowId).describe().getStatus());
      // nothing secret in workflow history: no API key, provider key or callback token
      // protobuf's text form shows payload bytes as text, unlike the JSON form's base64
      String history =
          temporal.fetchHistory(workflowId).getEvents().stream()
              .map(Object::toString)
              .collect(java.util.stream.Collectors.joining("\n"));
      assertTrue(
          history.contains("StoreVideo") && history.contains(g.get("prompt").asText()),
          "history payloads were read as text");
      assertFalse(history.contains(key), "the client's API key is in history");
      assertFalse(history.contains(LocalStack.SIM_API_KEY), "the provider key is in history");
      assertFalse(history.contains("token="), "a callback token is in history");
      assertFalse(history.contains(LocalStack.ADMIN_TOKEN), "the admin token is in history");
      assertFalse(history.contains("hook-secret-123"), "the client's webhook URL is in history");
      assertFalse(history.contains("order-secret-456"), "the client's metadata is in history");
    }
  }

  @Test
  @Order(2)
  void contentSupportsRangeRequests() throws Exception {
    String key = stack.newAccount("e2e-range", "1.00");
    JsonNode g = create(key, request("sim-poll", "range", 1, "1:1", "480p", 3), 201);
    g = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(60));
    String path = "/v1/generations/" + g.get("id").asText() + "/content";
    byte[] whole = stack.getBytes(path, key, null).body();
    HttpResponse<byte[]> part = stack.getBytes(path, key, "bytes=10-109");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 10-109/" + whole.length, part.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(whole, 10, 110), part.body());
    HttpResponse<byte[]> tail = stack.getBytes(path, key, "bytes=-16");
    assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 16, whole.length), tail.body());
    assertEquals(416, stack.getBytes(path, key, "bytes=" + (whole.length + 5) + "-").statusCode());
  }

  @Test
  @Order(3)
  void insufficientCreditIsA402AndChargesNothing() throws Exception {
    String key = stack.newAccount("e2e-poor", "0.20");
    JsonNode error = create(key, request("sim-fast", "too long for my wallet", 5, "16:9", "480p", 1), 402);
    assertEquals("INSUFFICIENT_CREDITS", error.get("error").get("code").asText());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("0.20").compareTo(balance.get("balance_usd").decimalValue()));
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
    assertEquals(0, LocalStack.json(stack.get("/v1/generations", key)).get("data").size());
  }

  @Test
  @Order(4)
  void providerFailureReleasesTheHold() throws Exception {
    String key = stack.newAccount("e2e-fail", "1.00");
    JsonNode g = create(key, request("sim-poll", "this one breaks [sim:fail]", 2, "16:9", "480p", 5), 201);
    JsonNode failed = stack.awaitStatus(key, g.get("id").asText(), "failed", Duration.ofSeconds(60));
    assertEquals("PROVIDER_FAILED", failed.get("error").get("code").asText());
    assertEquals(0, failed.get("cost_usd").decimalValue().signum());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()));
    assertEquals(0, ledgerEntries(g.get("id").asText(), "capture"));
    assertEquals(1, ledgerEntries(g.get("id").asText(), "release"));
  }

  @Test
  @Order(5)
  void cancelStopsTheJobAndReleasesTheHold() throws Exception {
    String key = stack.newAccount("e2e-cancel", "1.00");
    JsonNode g = create(key, request("sim-poll", "forever [sim:never]", 4, "16:9", "480p", 5), 201);
    String id = g.get("id").asText();
    stack.awaitStatus(key, id, "processing", Duration.ofSeconds(30));
    HttpResponse<String> canceled = stack.post("/v1/generations/" + id + "/cancel", key, null, Map.of());
    assertEquals(200, canceled.statusCode(), canceled.body());
    assertEquals("canceled", LocalStack.json(canceled).get("status").asText());
    HttpResponse<String> again = stack.post("/v1/generations/" + id + "/cancel", key, null, Map.of());
    assertEquals(409, again.statusCode());
    assertEquals("CONFLICT", LocalStack.json(again).get("error").get("code").asText());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()));
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
    assertEquals(0, ledgerEntries(id, "capture"));
    assertTrue(simJobCanceled(id), "the job was canceled at the provider too");
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
        temporal.newUntypedWorkflowStub("generation-" + id).describe().getStatus());
  }

  @Test
  @Order(6)
  void idempotencyKeyReturnsTheSameGeneration() throws Exception {
    String key = stack.newAccount("e2e-idem", "1.00");
    Map<String, Object> body = request("sim-poll", "same twice", 1, "16:9", "480p", 9);
    String idem = "idem-" + UUID.randomUUID();
    HttpResponse<String> first = stack.post("/v1/generations", key, body, Map.of("Idempotency-Key", idem));
    HttpResponse<String> second = stack.post("/v1/generations", key, body, Map.of("Idempotency-Key", idem));
    assertEquals(201, first.statusCode(), first.body());
    assertEquals(200, second.statusCode(), second.body());
    assertEquals(LocalStack.json(first).get("id").asText(), LocalStack.json(second).get("id").asText());
    body.put("prompt", "something else");
    HttpResponse<String> changed = stack.post("/v1/generations", key, body, Map.of("Idempotency-Key", idem));
    assertEquals(409, changed.statusCode());
    stack.awaitStatus(key, LocalStack.json(first).get("id").asText(), "completed", Duration.ofSeconds(60));
    assertEquals(1, LocalStack.json(stack.get("/v1/generations", key)).get("data").size());
  }

  @Test
  @Order(7)
  void badInputAndBadKeysGetTheDocumentedErrors() throws Exception {
    String key = stack.newAccount("e2e-errors", "1.00");
    assertError(stack.post("/v1/generations", key, request("sim-fast", "x".repeat(2001), 5, "16:9", "480p", 1), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", key, request("sim-fast", "ok", 11, "16:9", "480p", 1), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", key, request("sim-fast", "ok", 0, "16:9", "480p", 1), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", key, request("no-such-model", "ok", 5, "16:9", "480p", 1), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", key, request("sim-fast", "ok", 5, "4:3", "480p", 1), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", key, "{not json", Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", key, "{\"model\":\"sim-fast\",\"prompt\":\"a\\u0000b\"}", Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/generations", null, request("sim-fast", "ok", 5, "16:9", "480p", 1), Map.of()), 401, "INVALID_API_KEY");
    assertError(stack.post("/v1/generations", "rly_wrong", request("sim-fast", "ok", 5, "16:9", "480p", 1), Map.of()), 401, "INVALID_API_KEY");
    // negative, huge, fractional or textual durations (an explicit null takes the default, 5 s)
    for (String duration : new String[] {"-1", "2147483648", "1e9", "5.5", "\"5\""}) {
      assertError(
          stack.post("/v1/generations", key, "{\"model\":\"sim-fast\",\"prompt\":\"ok\",\"duration_seconds\":" + duration + "}", Map.of()),
          400,
          "INVALID_PARAMETER");
    }
    // a body over micronaut.server.max-request-size (15 MB)
    String huge = "{\"model\":\"sim-fast\",\"prompt\":\"" + "x".repeat(16 * 1024 * 1024) + "\"}";
    assertError(stack.post("/v1/generations", key, huge, Map.of()), 413, "PAYLOAD_TOO_LARGE");
    // malformed Authorization headers: another scheme, no key, a key with spaces
    for (String authorization : new String[] {"Basic " + key, "Bearer", "Bearer ", key, "Bearer " + key + " extra"}) {
      HttpResponse<String> response =
          stack.http.send(
              java.net.http.HttpRequest.newBuilder(stack.uri("/v1/generations"))
                  .header("Authorization", authorization)
                  .header("Content-Type", "application/json")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-fast\",\"prompt\":\"ok\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertError(response, 401, "INVALID_API_KEY");
    }
    assertError(stack.get("/v1/generations/" + UUID.randomUUID(), key), 404, "NOT_FOUND");
    // another account's generation is not found either
    String other = stack.newAccount("e2e-other", "1.00");
    JsonNode theirs = create(other, request("sim-poll", "theirs", 1, "16:9", "480p", 2), 201);
    assertError(stack.get("/v1/generations/" + theirs.get("id").asText(), key), 404, "NOT_FOUND");
    // a provider callback without the generation's token is refused
    assertError(
        stack.post("/v1/provider-callbacks/sim/" + theirs.get("id").asText() + "?token=forged", null, Map.of("status", "succeeded"), Map.of()),
        403,
        "INVALID_CALLBACK_TOKEN");
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()));
  }

  @Test
  @Order(8)
  void aWorkerKilledWhileAGenerationWaitsCompletesItAfterRestartAndChargesOnce() throws Exception {
    String key = stack.newAccount("e2e-crash", "1.00");
    JsonNode g = create(key, request("sim-poll", "survive a crash [sim:delay=6]", 2, "16:9", "480p", 13), 201);
    String id = g.get("id").asText();
    stack.awaitStatus(key, id, "processing", Duration.ofSeconds(30));

    stack.killApp();
    Thread.sleep(2000);
    stack.startApp();

    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(120));
    assertEquals(1, ledgerEntries(id, "reserve"));
    assertEquals(1, ledgerEntries(id, "capture"));
    checkVideo(key, done, 2, 854, 480);
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(
        0,
        new BigDecimal("1.00").subtract(done.get("cost_usd").decimalValue()).compareTo(balance.get("balance_usd").decimalValue()));
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
  }

  @Test
  @Order(9)
  void listingPagesNewestFirstAndFiltersByStatus() throws Exception {
    String key = stack.newAccount("e2e-list", "1.00");
    String first = create(key, request("sim-poll", "one", 1, "16:9", "480p", 1), 201).get("id").asText();
    String second = create(key, request("sim-poll", "two [sim:fail]", 1, "16:9", "480p", 2), 201).get("id").asText();
    String third = create(key, request("sim-poll", "three", 1, "16:9", "480p", 3), 201).get("id").asText();
    stack.awaitStatus(key, second, "failed", Duration.ofSeconds(60));

    JsonNode page1 = LocalStack.json(stack.get("/v1/generations?limit=2", key));
    assertEquals(2, page1.get("data").size());
    assertEquals(third, page1.get("data").get(0).get("id").asText());
    assertEquals(second, page1.get("data").get(1).get("id").asText());
    String cursor = page1.get("next_cursor").asText();
    JsonNode page2 = LocalStack.json(stack.get("/v1/generations?limit=2&cursor=" + cursor, key));
    assertEquals(1, page2.get("data").size());
    assertEquals(first, page2.get("data").get(0).get("id").asText());
    assertTrue(page2.get("next_cursor").isNull());

    JsonNode failed = LocalStack.json(stack.get("/v1/generations?status=failed", key));
    assertEquals(1, failed.get("data").size());
    assertEquals(second, failed.get("data").get(0).get("id").asText());
    assertError(stack.get("/v1/generations?status=done", key), 400, "INVALID_PARAMETER");

    // the query rules are annotations; a broken one names its parameter, an empty value is the default
    assertEquals(3, LocalStack.json(stack.get("/v1/generations?limit=&status=&cursor=", key)).get("data").size());
    assertParamError(stack.get("/v1/generations?status=done", key), "status", "status must be one of");
    assertParamError(stack.get("/v1/generations?status=rejected", key), "status", "status must be one of");
    assertParamError(stack.get("/v1/generations?limit=0", key), "limit", "limit must be an integer from 1 to 100");
    assertParamError(stack.get("/v1/generations?limit=101", key), "limit", "limit must be an integer from 1 to 100");
    assertParamError(stack.get("/v1/generations?limit=abc", key), "limit", "limit must be an integer from 1 to 100");
    assertParamError(stack.get("/v1/generations?cursor=abc", key), "cursor", "cursor is not one this API returned");
  }

  private static void assertParamError(HttpResponse<String> response, String param, String message) throws Exception {
    assertError(response, 400, "INVALID_PARAMETER");
    JsonNode error = LocalStack.json(response).get("error");
    assertEquals(param, error.get("param").asText(), response.body());
    assertTrue(error.get("message").asText().startsWith(message), response.body());
  }

  /**
   * Admission needs no worker: with only the API running a create is admitted at once (hold
   * placed, 201, pending) and completes once a worker comes; a repeat answers the same generation.
   */
  @Test
  @Order(10)
  void aCreateAdmittedWhileNoWorkerRunsCompletesWhenOneComes() throws Exception {
    String key = stack.newAccount("e2e-no-worker", "1.00");
    stack.killApp();
    stack.startApp(Map.of("REELAY_ROLES", "api"));
    String idem = "no-worker-" + UUID.randomUUID();
    Map<String, Object> body = request("sim-poll", "waiting for a worker", 1, "16:9", "480p", 21);
    long started = System.currentTimeMillis();
    HttpResponse<String> admitted = stack.post("/v1/generations", key, body, Map.of("Idempotency-Key", idem));
    assertTrue(System.currentTimeMillis() - started < 5_000, "admission does not wait for a worker");
    assertEquals(201, admitted.statusCode(), admitted.body());
    String id = LocalStack.json(admitted).get("id").asText();
    assertEquals("pending", LocalStack.json(admitted).get("status").asText());
    assertEquals(1, ledgerEntries(id, "reserve"), "the hold is placed by the create call itself");
    HttpResponse<String> repeated = stack.post("/v1/generations", key, body, Map.of("Idempotency-Key", idem));
    assertEquals(200, repeated.statusCode(), repeated.body());
    assertEquals(id, LocalStack.json(repeated).get("id").asText());

    stack.killApp();
    stack.startApp(); // API + worker again
    stack.awaitStatus(key, id, "completed", Duration.ofSeconds(60));
    assertEquals(1, ledgerEntries(id, "reserve"));
    assertEquals(1, ledgerEntries(id, "capture"));
    assertEquals(1, LocalStack.json(stack.get("/v1/generations", key)).get("data").size());
  }

  /**
   * Load shedding: past REELAY_ADMISSION_MAX_PENDING generations waiting to be submitted (no
   * worker here, so they wait), a create is answered at once with 503 OVERLOADED and Retry-After,
   * in a front door's own envelope too, and nothing is started or charged; the admitted ones go
   * on once a worker comes.
   */
  @Test
  @Order(10)
  void pastTheBacklogBoundCreatesAreShedAndNothingIsCharged() throws Exception {
    String key = stack.newAccount("e2e-shed", "1.00");
    stack.killApp();
    // the bound counts every account's pending generations: none are pending now
    // the count read on every create, so the third one sees both pending generations
    stack.startApp(Map.of("REELAY_ROLES", "api", "REELAY_ADMISSION_MAX_PENDING", "2", "REELAY_ADMISSION_RETRY_AFTER", "7s",
        "REELAY_ADMISSION_BACKLOG_READ_EVERY", "0s"));
    String first = LocalStack.json(stack.post("/v1/generations", key, request("sim-poll", "shed 1", 1, "16:9", "480p", 1), Map.of())).get("id").asText();
    String second = LocalStack.json(stack.post("/v1/generations", key, request("sim-poll", "shed 2", 1, "16:9", "480p", 2), Map.of())).get("id").asText();

    long started = System.currentTimeMillis();
    HttpResponse<String> shed =
        stack.post("/v1/generations", key, request("sim-poll", "shed 3", 1, "16:9", "480p", 3), Map.of("Idempotency-Key", "shed-" + UUID.randomUUID()));
    assertTrue(System.currentTimeMillis() - started < 2_000, "a shed create is answered at once");
    assertError(shed, 503, "OVERLOADED");
    assertEquals("7", shed.headers().firstValue("Retry-After").orElse(null));
    HttpResponse<String> shedAtADoor =
        stack.post("/compat/openai/v1/videos", key, Map.of("prompt", "shed at a door", "seconds", "4"), Map.of());
    assertEquals(503, shedAtADoor.statusCode(), shedAtADoor.body());
    assertTrue(LocalStack.json(shedAtADoor).get("error").has("type"), "OpenAI's envelope: " + shedAtADoor.body());
    assertEquals("7", shedAtADoor.headers().firstValue("Retry-After").orElse(null));

    JsonNode listed = LocalStack.json(stack.get("/v1/generations", key)).get("data");
    assertEquals(2, listed.size(), "the shed creates started nothing: " + listed);
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal(balance.get("reserved_usd").asText()).compareTo(new BigDecimal("0.10")),
        "two holds of 5 cents, none for the shed creates: " + balance);
    assertEquals(0, new BigDecimal(balance.get("total_spent_usd").asText()).signum(), balance.toString());

    stack.killApp();
    stack.startApp();
    stack.awaitStatus(key, first, "completed", Duration.ofSeconds(60));
    stack.awaitStatus(key, second, "completed", Duration.ofSeconds(60));
    assertEquals(1, ledgerEntries(first, "capture"));
    assertEquals(1, ledgerEntries(second, "capture"));
  }

  @Test
  @Order(11)
  void quoteEqualsEstimateAndUsageAndLedgerShowEveryMovement() throws Exception {
    String key = stack.newAccount("e2e-usage", "2.00");
    HttpResponse<String> quoted =
        stack.post("/v1/quotes", key, Map.of("model", "sim-poll", "duration_seconds", 3, "resolution", "720p"), Map.of());
    assertEquals(200, quoted.statusCode(), quoted.body());
    JsonNode quote = LocalStack.json(quoted);
    assertEquals(0, new BigDecimal("0.15").compareTo(quote.get("cost_usd").decimalValue()));
    assertEquals("USD", quote.get("currency").asText());

    JsonNode g = create(key, request("sim-poll", "usage", 3, "16:9", "720p", 4), 201);
    assertEquals(0, quote.get("cost_usd").decimalValue().compareTo(g.get("estimated_cost_usd").decimalValue()));
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(60));
    BigDecimal cost = done.get("cost_usd").decimalValue();

    assertQuoteError(key, Map.of("model", "nope"), "model");
    assertQuoteError(key, Map.of("model", "sim-poll", "duration_seconds", 11), "duration_seconds");
    assertQuoteError(key, Map.of("model", "sim-poll", "resolution", "4k"), "resolution");
    assertQuoteError(key, Map.of("model", "sim-poll", "audio", true), "audio");
    assertQuoteError(key, Map.of("model", "sim-poll", "audio", "yes"), "audio");

    JsonNode usage = LocalStack.json(stack.get("/v1/usage?days=7", key));
    assertEquals(7, usage.get("period_days").asInt());
    assertEquals(1, usage.get("total_requests").asInt());
    assertEquals(3.0, usage.get("total_seconds").asDouble(), 0.1);
    assertEquals(0, cost.compareTo(usage.get("total_cost_usd").decimalValue()));
    assertEquals(0, cost.compareTo(usage.get("total_spent_usd").decimalValue()));
    assertEquals(0, new BigDecimal("2.00").subtract(cost).compareTo(usage.get("current_balance_usd").decimalValue()));
    assertEquals(30, LocalStack.json(stack.get("/v1/usage", key)).get("period_days").asInt());
    assertError(stack.get("/v1/usage?days=91", key), 400, "INVALID_PARAMETER");
    assertError(stack.get("/v1/usage?days=0", key), 400, "INVALID_PARAMETER");
    assertEquals(30, LocalStack.json(stack.get("/v1/usage?days=", key)).get("period_days").asInt());
    assertParamError(stack.get("/v1/usage?days=91", key), "days", "days must be an integer from 1 to 90");
    assertParamError(stack.get("/v1/usage?days=x", key), "days", "days must be an integer from 1 to 90");

    // credit, reserve, capture: newest first, each with the balance after it
    JsonNode ledger = LocalStack.json(stack.get("/v1/ledger", key));
    List<String> kinds = new java.util.ArrayList<>();
    ledger.get("data").forEach(e -> kinds.add(e.get("kind").asText()));
    assertEquals(List.of("capture", "reserve", "credit"), kinds);
    JsonNode capture = ledger.get("data").get(0);
    assertEquals(g.get("id").asText(), capture.get("generation_id").asText());
    assertEquals(0, cost.compareTo(capture.get("amount_usd").decimalValue()));
    assertEquals(0, new BigDecimal("2.00").subtract(cost).compareTo(capture.get("balance_after_usd").decimalValue()));
    assertTrue(capture.has("time"));
    JsonNode page = LocalStack.json(stack.get("/v1/ledger?limit=2", key));
    assertEquals(2, page.get("data").size());
    JsonNode rest = LocalStack.json(stack.get("/v1/ledger?limit=2&cursor=" + page.get("next_cursor").asText(), key));
    assertEquals(1, rest.get("data").size());
    assertEquals("credit", rest.get("data").get(0).get("kind").asText());
    assertTrue(rest.get("next_cursor").isNull());
    assertEquals(3, LocalStack.json(stack.get("/v1/ledger?limit=&cursor=", key)).get("data").size());
    assertParamError(stack.get("/v1/ledger?limit=201", key), "limit", "limit must be an integer from 1 to 200");
    assertParamError(stack.get("/v1/ledger?cursor=0", key), "cursor", "cursor is not one this API returned");
    assertParamError(stack.get("/v1/ledger?cursor=abc", key), "cursor", "cursor is not one this API returned");
  }

  private static void assertQuoteError(String key, Map<String, Object> body, String param) throws Exception {
    HttpResponse<String> response = stack.post("/v1/quotes", key, body, Map.of());
    assertError(response, 400, "INVALID_PARAMETER");
    assertEquals(param, LocalStack.json(response).get("error").get("param").asText(), response.body());
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<String, Object> request(String model, String prompt, int seconds, String aspect, String resolution, long seed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("prompt", prompt);
    body.put("duration_seconds", seconds);
    body.put("aspect_ratio", aspect);
    body.put("resolution", resolution);
    body.put("seed", seed);
    return body;
  }

  private static JsonNode create(String key, Map<String, Object> body, int expectedStatus) throws Exception {
    HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

  private static void checkVideo(String key, JsonNode generation, int seconds, int width, int height) throws Exception {
    assertNotNull(generation.get("video_url").textValue());
    assertTrue(generation.get("video_url").asText().startsWith("http://127.0.0.1:" + stack.appPort + "/v1/generations/"));
    HttpResponse<byte[]> video = stack.getBytes("/v1/generations/" + generation.get("id").asText() + "/content", key, null);
    assertEquals(200, video.statusCode());
    assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElseThrow());
    Path file = Files.createTempFile(stack.workDir, "video-", ".mp4");
    Files.write(file, video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertTrue(Math.abs(facts.durationMillis() - seconds * 1000L) <= 100, "duration " + facts.durationMillis());
    assertEquals(width, facts.width());
    assertEquals(height, facts.height());
    // billed for the real duration at $0.05/s, never more than the hold
    BigDecimal expected =
        BigDecimal.valueOf(Math.min(facts.durationMillis(), seconds * 1000L) * 50_000L / 1000, 6);
    assertEquals(0, expected.compareTo(generation.get("cost_usd").decimalValue()), generation.toString());
  }

  private static long ledgerEntries(String generationId, String kind) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM ledger_entries WHERE generation_id = ? AND kind = ?")) {
      ps.setObject(1, UUID.fromString(generationId));
      ps.setString(2, kind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static boolean simJobCanceled(String generationId) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps =
            c.prepareStatement("SELECT canceled_at IS NOT NULL FROM sim_jobs WHERE client_reference = ?")) {
      ps.setString(1, generationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = LocalStack.json(response).get("error");
    assertNotNull(error, response.body());
    assertEquals(code, error.get("code").asText(), response.body());
    assertTrue(error.get("message").asText().length() > 0);
  }
}
