package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.app.e2e.WebhookReceiver.Received;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The VibeGen door on the real stack, played as a client written from VibeGen's document would:
 * create, poll the task until completed or failed, download the video, the task list with its
 * filters and pages, the callbacks to callback_url (task.completed and task.failed, delivered by
 * the webhook machinery), image-to-video from a URL, and every documented error in VibeGen's
 * envelope. A task is an ordinary generation: the native API shows it, and it is charged once.
 */
class VibeGenDoorEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/compat/vibegen/api/v1";
  private static final Set<String> DONE = Set.of("completed", "failed");

  private static LocalStack stack;
  private static LoopbackImageServer images;

  @BeforeAll
  static void start() throws Exception {
    images = LoopbackImageServer.start();
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                // the callback receivers and the image server run on loopback: only 127.0.0.1 is let through
                "REELAY_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.1/32",
                "REELAY_WEBHOOKS_RETRY_INITIAL_SECONDS", "1",
                "REELAY_WEBHOOKS_RETRY_MAX_SECONDS", "2",
                "REELAY_IMAGES_ALLOWED_HOSTS", "127.0.0.1",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (images != null) {
      images.close();
    }
  }

  @Test
  void aTaskCompletesDownloadsAsMp4IsChargedOnceAndCallsBackTaskCompleted() throws Exception {
    String key = stack.newAccount("vibegen-t2v", "5.00");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", "seedance 2.0");
      body.put("prompt", "a large field of white daisies, camera slowly zooming in");
      body.put("duration", 5);
      body.put("aspect_ratio", "16:9");
      body.put("resolution", "720p");
      body.put("callback_url", receiver.url("/vibegen/webhook?token=cb-7"));
      HttpResponse<String> created = stack.post(BASE + "/generations", key, body, Map.of());
      assertEquals(201, created.statusCode(), created.body());
      JsonNode answer = LocalStack.json(created);
      assertTrue(answer.get("success").asBoolean());
      JsonNode data = answer.get("data");
      String id = data.get("id").asText();
      assertEquals(id, UUID.fromString(id).toString(), "a task id is a UUID");
      assertTrue(Set.of("pending", "processing").contains(data.get("status").asText()), data.toString());
      assertEquals("seedance 2.0", data.get("model").asText());
      assertEquals("text_to_video", data.get("task_type").asText());
      Instant.parse(data.get("created_at").asText());

      JsonNode task = pollUntilDone(key, id);
      assertEquals("completed", task.get("status").asText(), task.toString());
      assertEquals("seedance 2.0", task.get("model").asText());
      assertEquals("a large field of white daisies, camera slowly zooming in", task.get("prompt").asText());
      assertTrue(task.get("error").isNull() && task.get("error_message").isNull(), task.toString());
      assertFalse(task.get("completed_at").isNull());
      Path video = download(task.get("video_url").asText());
      Mp4Probe.VideoFacts facts = Mp4Probe.probe(video);
      assertTrue(Math.abs(facts.durationMillis() - 5000) <= 100, "duration " + facts.durationMillis());
      assertEquals(720, facts.height());

      // the same generation through the native API, recorded as the vibegen door's, charged once
      JsonNode generation = LocalStack.json(stack.get("/v1/generations/" + id, key));
      assertEquals("completed", generation.get("status").asText());
      assertEquals(5, generation.get("duration_seconds").asInt());
      assertEquals("720p", generation.get("resolution").asText());
      assertEquals("vibegen", stack.recordedDoor(id));
      BigDecimal price = generation.get("estimated_cost_usd").decimalValue();
      assertEquals(0, price.compareTo(generation.get("cost_usd").decimalValue()), generation.toString());
      JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
      assertEquals(0, new BigDecimal("5.00").subtract(price).compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
      assertEquals(0, balance.get("reserved_usd").decimalValue().signum());

      Received hook = receiver.await(1, Duration.ofSeconds(30)).get(0);
      assertEquals("/vibegen/webhook?token=cb-7", hook.headers().get(":path"));
      assertEquals("application/json", hook.headers().get("content-type"));
      JsonNode callback = JSON.readTree(hook.body());
      assertEquals(
          List.of("event", "task_id", "status", "video_url", "created_at", "completed_at"),
          fieldNames(callback),
          "the documented body: " + hook.body());
      assertEquals("task.completed", callback.get("event").asText());
      assertEquals(id, callback.get("task_id").asText());
      assertEquals("completed", callback.get("status").asText());
      assertEquals(task.get("created_at").asText(), callback.get("created_at").asText());
      assertEquals(task.get("completed_at").asText(), callback.get("completed_at").asText());
      assertEquals(facts.durationMillis(), Mp4Probe.probe(download(callback.get("video_url").asText())).durationMillis());
      // signed like every Reelay webhook, with the account's webhook secret
      assertTrue(hook.headers().get("webhook-signature").startsWith("v1,"), hook.headers().toString());

      // delivered durably: recorded as a delivery of its own event type, once
      JsonNode deliveries = LocalStack.json(stack.get("/v1/generations/" + id + "/webhook-deliveries", key)).get("data");
      assertEquals(1, deliveries.size(), deliveries.toString());
      assertEquals("task.completed", deliveries.get(0).get("event_type").asText());
      assertEquals("delivered", deliveries.get(0).get("status").asText());
    }
  }

  @Test
  void aFailingTaskShowsItsReasonUnderBothNamesCallsBackTaskFailedAndCostsNothing() throws Exception {
    String key = stack.newAccount("vibegen-fail", "1.00");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      // the receiver is down at first: the machinery retries until it answers
      receiver.answer(n -> n == 1 ? 503 : 200);
      Map<String, Object> body =
          Map.of(
              "model", "Seedance 2.0",
              "prompt", "a paper boat on a stream [sim:fail]",
              "callback_url", receiver.url("/failed"));
      HttpResponse<String> created = stack.post(BASE + "/generations", key, body, Map.of());
      assertEquals(201, created.statusCode(), created.body());
      String id = LocalStack.json(created).get("data").get("id").asText();

      JsonNode task = pollUntilDone(key, id);
      assertEquals("failed", task.get("status").asText());
      String reason = task.get("error").asText();
      assertFalse(reason.isBlank(), task.toString());
      assertEquals(reason, task.get("error_message").asText(), "the SDK examples read error_message");
      assertTrue(task.get("video_url").isNull() && task.get("completed_at").isNull(), task.toString());

      List<Received> hooks = receiver.await(2, Duration.ofSeconds(30));
      assertEquals(List.of(503, 200), hooks.stream().map(Received::answered).toList());
      assertEquals(hooks.get(0).body(), hooks.get(1).body(), "a retry sends the same message");
      JsonNode callback = JSON.readTree(hooks.get(1).body());
      assertEquals(
          List.of("event", "task_id", "status", "error_message", "error", "created_at", "failed_at"),
          fieldNames(callback),
          hooks.get(1).body());
      assertEquals("task.failed", callback.get("event").asText());
      assertEquals(id, callback.get("task_id").asText());
      assertEquals("failed", callback.get("status").asText());
      assertEquals(reason, callback.get("error_message").asText());
      assertTrue(!Instant.parse(callback.get("failed_at").asText()).isBefore(Instant.parse(callback.get("created_at").asText())));

      JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
      assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
      assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
    }
  }

  @Test
  void imageToVideoFetchesTheImageUrlAndCompletes() throws Exception {
    String key = stack.newAccount("vibegen-i2v", "5.00");
    int before = images.requests();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "seedance 2.0");
    body.put("prompt", "the girl opens her eyes and looks at the camera");
    body.put("image_urls", List.of(images.url("/girl-with-fox.png")));
    body.put("duration", 5);
    body.put("aspect_ratio", "adaptive");
    body.put("generate_audio", true);
    HttpResponse<String> created = stack.post(BASE + "/generations", key, body, Map.of());
    assertEquals(201, created.statusCode(), created.body());
    JsonNode data = LocalStack.json(created).get("data");
    assertEquals("image_to_video", data.get("task_type").asText());
    assertTrue(images.requests() > before, "the image was fetched from its URL");

    JsonNode task = pollUntilDone(key, data.get("id").asText());
    assertEquals("completed", task.get("status").asText(), task.toString());
    assertEquals("image_to_video", task.get("task_type").asText());
    Mp4Probe.probe(download(task.get("video_url").asText()));
    JsonNode generation = LocalStack.json(stack.get("/v1/generations/" + data.get("id").asText(), key));
    assertTrue(generation.get("audio").asBoolean(), generation.toString());
  }

  @Test
  void theTaskListFiltersByStatusAndPagesByLimitAndOffset() throws Exception {
    String key = stack.newAccount("vibegen-list", "5.00");
    String ok = createTask(key, "a lighthouse at dusk");
    String failed = createTask(key, "waves on rocks [sim:fail]");
    String latest = createTask(key, "a fox in the snow");
    for (String id : List.of(ok, failed, latest)) {
      pollUntilDone(key, id);
    }

    JsonNode all = listData(key, "");
    assertEquals(List.of(latest, failed, ok), ids(all.get("tasks")), "newest first");
    assertPagination(all, 1, 20, 3, 1);

    JsonNode completed = listData(key, "?status=completed&limit=10");
    assertEquals(List.of(latest, ok), ids(completed.get("tasks")));
    assertPagination(completed, 1, 10, 2, 1);
    JsonNode task = completed.get("tasks").get(0);
    assertEquals(
        List.of("id", "status", "model", "task_type", "prompt", "video_url", "created_at", "completed_at", "error", "error_message"),
        fieldNames(task));

    JsonNode onlyFailed = listData(key, "?status=failed");
    assertEquals(List.of(failed), ids(onlyFailed.get("tasks")));
    assertFalse(onlyFailed.get("tasks").get(0).get("error").isNull());

    JsonNode second = listData(key, "?limit=1&offset=1");
    assertEquals(List.of(failed), ids(second.get("tasks")));
    assertPagination(second, 2, 1, 3, 3);
    assertEquals(0, listData(key, "?status=processing").get("tasks").size());

    assertError(stack.get(BASE + "/tasks?status=done", key), 400, "INVALID_PARAMETER");
    assertError(stack.get(BASE + "/tasks?limit=0", key), 400, "INVALID_PARAMETER");
    assertError(stack.get(BASE + "/tasks?offset=-1", key), 400, "INVALID_PARAMETER");
  }

  @Test
  void everyDocumentedErrorIsAnsweredInVibeGensEnvelope() throws Exception {
    String key = stack.newAccount("vibegen-errors", "1.00");
    Map<String, Object> valid = Map.of("model", "seedance 2.0", "prompt", "a cat");

    // 401: no key, or one we never issued
    assertError(stack.post(BASE + "/generations", null, valid, Map.of()), 401, "INVALID_API_KEY");
    assertError(stack.get(BASE + "/tasks", "sk-video-not-a-key"), 401, "INVALID_API_KEY");

    // 400: what the document requires, allows and defaults
    JsonNode missing = assertError(stack.post(BASE + "/generations", key, Map.of("duration", 5), Map.of()), 400, "INVALID_PARAMETER");
    assertEquals("Missing required parameters: model, prompt", missing.get("message").asText());
    assertError(stack.post(BASE + "/generations", key, Map.of("model", "seedance 9", "prompt", "a cat"), Map.of()), 400, "INVALID_PARAMETER");
    JsonNode duration =
        assertError(stack.post(BASE + "/generations", key, with(valid, "duration", 7), Map.of()), 400, "INVALID_PARAMETER");
    assertTrue(duration.get("message").asText().contains("duration"), duration.toString());
    assertError(stack.post(BASE + "/generations", key, with(valid, "resolution", "4k"), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post(BASE + "/generations", key, with(valid, "aspect_ratio", "2:1"), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post(BASE + "/generations", key, with(valid, "prompt", "x".repeat(2001)), Map.of()), 400, "INVALID_PARAMETER");
    JsonNode callback =
        assertError(
            stack.post(BASE + "/generations", key, with(valid, "callback_url", "http://10.1.2.3/hook"), Map.of()),
            400,
            "INVALID_PARAMETER");
    assertTrue(callback.get("message").asText().contains("callback_url"), callback.toString());
    assertError(stack.post(BASE + "/generations", key, "{\"model\": ", Map.of()), 400, "INVALID_PARAMETER");
    // the framework's refusals under the door's path speak its envelope too
    assertError(stack.get(BASE + "/generations", key), 405, "INVALID_PARAMETER");
    assertError(stack.get(BASE + "/no-such-endpoint", key), 404, "TASK_NOT_FOUND");

    // 402: in credits (one credit is one US cent), and nothing is held
    String poor = stack.newAccount("vibegen-poor", "0.05");
    JsonNode refused = assertError(stack.post(BASE + "/generations", poor, valid, Map.of()), 402, "INSUFFICIENT_CREDITS");
    assertTrue(
        refused.get("message").asText().matches("Insufficient credits\\. Required: [0-9.]+, Available: 5"),
        refused.toString());
    assertEquals(0, LocalStack.json(stack.get("/v1/balance", poor)).get("reserved_usd").decimalValue().signum());

    // 404: no such task, not a task id, another account's task
    assertError(stack.get(BASE + "/tasks/" + UUID.randomUUID(), key), 404, "TASK_NOT_FOUND");
    assertError(stack.get(BASE + "/tasks/not-a-task", key), 404, "TASK_NOT_FOUND");
    String theirs = createTask(stack.newAccount("vibegen-other", "1.00"), "not yours");
    assertError(stack.get(BASE + "/tasks/" + theirs, key), 404, "TASK_NOT_FOUND");

    // 429: over the key's rate limit, with Retry-After
    String limited = keyWithLimit(key, 2);
    assertEquals(200, stack.get(BASE + "/tasks", limited).statusCode());
    assertEquals(200, stack.get(BASE + "/tasks", limited).statusCode());
    HttpResponse<String> tooMany = stack.get(BASE + "/tasks", limited);
    assertError(tooMany, 429, "RATE_LIMIT_EXCEEDED");
    assertTrue(tooMany.headers().firstValue("Retry-After").isPresent(), tooMany.headers().toString());
  }

  // ------------------------------------------------------------------ a VibeGen client's calls

  private static String createTask(String key, String prompt) throws Exception {
    HttpResponse<String> created =
        stack.post(BASE + "/generations", key, Map.of("model", "seedance 2.0", "prompt", prompt), Map.of());
    assertEquals(201, created.statusCode(), created.body());
    return LocalStack.json(created).get("data").get("id").asText();
  }

  /** As the document's examples do: GET the task until it is completed or failed. */
  private static JsonNode pollUntilDone(String key, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    JsonNode task = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = stack.get(BASE + "/tasks/" + id, key);
      assertEquals(200, response.statusCode(), response.body());
      JsonNode answer = LocalStack.json(response);
      assertTrue(answer.get("success").asBoolean());
      task = answer.get("data");
      assertEquals(id, task.get("id").asText());
      if (DONE.contains(task.get("status").asText())) {
        return task;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("task " + id + " did not finish: " + task);
  }

  private static JsonNode listData(String key, String query) throws Exception {
    HttpResponse<String> response = stack.get(BASE + "/tasks" + query, key);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode answer = LocalStack.json(response);
    assertTrue(answer.get("success").asBoolean());
    return answer.get("data");
  }

  /** The video link needs no Authorization header. */
  private static Path download(String url) throws Exception {
    assertNotNull(url);
    HttpResponse<byte[]> video =
        stack.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode(), url);
    Path file = Files.createTempFile(stack.workDir, "vibegen-", ".mp4");
    Files.write(file, video.body());
    return file;
  }

  private static JsonNode assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = LocalStack.json(response);
    assertEquals(List.of("error"), fieldNames(body), response.body());
    JsonNode error = body.get("error");
    assertEquals(List.of("code", "message"), fieldNames(error), response.body());
    assertEquals(code, error.get("code").asText(), response.body());
    assertFalse(error.get("message").asText().isBlank());
    return error;
  }

  private static void assertPagination(JsonNode data, int page, int pageSize, int total, int totalPages) {
    JsonNode pagination = data.get("pagination");
    assertEquals(List.of("page", "pageSize", "total", "total_pages"), fieldNames(pagination));
    assertEquals(page, pagination.get("page").asInt(), pagination.toString());
    assertEquals(pageSize, pagination.get("pageSize").asInt(), pagination.toString());
    assertEquals(total, pagination.get("total").asInt(), pagination.toString());
    assertEquals(totalPages, pagination.get("total_pages").asInt(), pagination.toString());
  }

  private static String keyWithLimit(String key, int perMinute) throws Exception {
    HttpResponse<String> created =
        stack.post("/v1/keys", key, Map.of("name", "limited", "rate_limit_per_minute", perMinute), Map.of());
    assertEquals(201, created.statusCode(), created.body());
    return LocalStack.json(created).get("key").asText();
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put(field, value);
    return copy;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> ids(JsonNode tasks) {
    List<String> ids = new java.util.ArrayList<>();
    tasks.forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }
}
