package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GET /metrics on the real stack (docs/metrics.md): generations that complete, fail, fail over,
 * are held back and are canceled, a refused create, a shed create and a refused callback, then every counter of
 * the contract moved by exactly what happened, checked against what PostgreSQL and Temporal
 * recorded. Also: the libraries' families are there (HTTP, JVM, pool, the Temporal SDK's), a
 * worker-only process serves /metrics, and no label value is an id.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndToEndTest {

  /**
   * The app's JVM options for the held-back and failed-over generations (the dashboard test uses
   * them too): one sim job at a time, so a second one is held back (concurrency); a model
   * "routed" vinci -> sim, so a refusal at vinci fails over to sim.
   */
  static final String HELD_BACK_AND_ROUTED =
      String.join(
          " ",
          "-Dreelay.providers.sim.budget.max-concurrent=1",
          "-Dreelay.models.routed.providers=vinci,sim",
          "-Dreelay.models.routed.resolutions=720p",
          "-Dreelay.models.routed.price-per-second-usd.720p=0.05",
          "-Dreelay.models.routed.poll-interval-seconds=1",
          "-Dreelay.models.routed.deadline-seconds=30");

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static LocalStack stack;
  private static WorkflowClient temporal;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_POLL_SECONDS", "1",
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VINCI_ENABLED", "true",
                "REELAY_VINCI_POLL_SECONDS", "1",
                "REELAY_EMULATORS_VINCI_DELAY_SECONDS", "1",
                "REELAY_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.1/32",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000",
                "JAVA_TOOL_OPTIONS",
                HELD_BACK_AND_ROUTED));
    temporal = stack.temporalClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1) // alone on the stack: every count is in this one process's scrape
  void countersMoveByExactlyWhatHappened() throws Exception {
    // open until the end: a slow answer is retried, and the retry must find it
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      countAndCheck(receiver);
    }
  }

  private void countAndCheck(WebhookReceiver receiver) throws Exception {
    String key = stack.newAccount("metrics", "10.00");
    List<JsonNode> admitted = new ArrayList<>();
    List<String> completed = new ArrayList<>();
    PrometheusText before = scrape();
    // completes through the provider's callback, and its client webhook is delivered
    Map<String, Object> hooked = request("sim-fast", "a lighthouse at dusk", 1, "480p");
    hooked.put("webhook_url", receiver.url("/hooks/metrics"));
    JsonNode fast = create(key, hooked, 201);
    admitted.add(fast);
    completed.add(await(key, fast, "completed"));
    receiver.await(1, Duration.ofSeconds(60));

    JsonNode poll = create(key, request("sim-poll", "waves on rocks", 2, "720p"), 201);
    admitted.add(poll);
    completed.add(await(key, poll, "completed"));

    JsonNode failing = create(key, request("sim-poll", "this one breaks [sim:fail]", 1, "480p"), 201);
    admitted.add(failing);
    await(key, failing, "failed");

    JsonNode forever = create(key, request("sim-poll", "forever [sim:never]", 1, "480p"), 201);
    admitted.add(forever);
    stack.awaitStatus(key, forever.get("id").asText(), "processing", Duration.ofSeconds(60));
    HttpResponse<String> cancel = stack.post("/v1/generations/" + forever.get("id").asText() + "/cancel", key, null, Map.of());
    assertEquals(200, cancel.statusCode(), cancel.body());
    await(key, forever, "canceled");

    JsonNode routed = create(key, request("routed", "vinci is out of money [vinci:402]", 1, "720p"), 201);
    admitted.add(routed);
    completed.add(await(key, routed, "completed"));
    assertEquals("sim", LocalStack.json(stack.get("/v1/generations/" + routed.get("id").asText(), key)).get("provider").asText());

    // the sim runs one job at a time: the second waits (held back) until the first is done
    JsonNode first = create(key, request("sim-poll", "first in line [sim:delay=6]", 1, "480p"), 201);
    admitted.add(first);
    stack.awaitStatus(key, first.get("id").asText(), "processing", Duration.ofSeconds(60));
    JsonNode second = create(key, request("sim-poll", "second in line", 1, "480p"), 201);
    admitted.add(second);
    completed.add(await(key, first, "completed"));
    completed.add(await(key, second, "completed"));
    long holds = heldBackTimers(second.get("id").asText());
    assertTrue(holds >= 1, "the second generation was held back at least once");

    String poor = stack.newAccount("metrics-poor", "0.20");
    HttpResponse<String> refused = stack.post("/v1/generations", poor, request("sim-fast", "too long for my wallet", 5, "480p"), Map.of());
    assertEquals(402, refused.statusCode(), refused.body());

    HttpResponse<String> forged =
        stack.post("/v1/provider-callbacks/sim/" + UUID.randomUUID() + "?token=forged", null, Map.of("status", "completed"), Map.of());
    assertEquals(403, forged.statusCode(), forged.body());

    // counted right after each write commits; the API may show a status a moment before
    PrometheusText after = awaitScrape(s -> delta(before, s, "reelay_generations_completed_total") == 5
        && delta(before, s, "reelay_webhook_deliveries_total", "outcome", "delivered") == 1);

    List<String> ids = admitted.stream().map(g -> g.get("id").asText()).toList();
    assertEquals(7, ids.size());
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("reelay_generations_started_total", 8.0);
    expected.put("reelay_generations_admitted_total", 7.0);
    expected.put("reelay_generations_completed_total", 5.0);
    expected.put("reelay_generations_failed_total", 1.0);
    expected.put("reelay_generations_canceled_total", 1.0);
    expected.put("reelay_failovers_total", 1.0);
    expected.put("reelay_submissions_held_back_total", (double) holds);
    expected.put("reelay_admission_seconds_count", 8.0);
    expected.put("reelay_webhook_delivery_attempts_count", 1.0);
    expected.forEach((name, amount) -> assertEquals(amount, delta(before, after, name), name));

    assertEquals(8, delta(before, after, "reelay_generations_started_total", "door", "native"));
    assertEquals(1, delta(before, after, "reelay_generations_admitted_total", "model", "sim-fast", "provider", "sim", "door", "native"));
    assertEquals(1, delta(before, after, "reelay_generations_admitted_total", "model", "routed", "provider", "vinci"));
    assertEquals(1, delta(before, after, "reelay_generations_rejected_total", "reason", "insufficient_credits", "model", "sim-fast", "provider", "sim", "door", "native"));
    assertEquals(0, delta(before, after, "reelay_generations_rejected_total", "reason", "overloaded"));
    assertEquals(1, delta(before, after, "reelay_generations_failed_total", "error", "PROVIDER_FAILED", "model", "sim-poll"));
    assertEquals(1, delta(before, after, "reelay_generations_completed_total", "model", "routed", "provider", "sim"));
    assertEquals(1, delta(before, after, "reelay_failovers_total", "from_provider", "vinci", "to_provider", "sim"));
    assertEquals(holds, delta(before, after, "reelay_submissions_held_back_total", "provider", "sim", "reason", "concurrency"));
    assertEquals(7, delta(before, after, "reelay_admission_seconds_count", "outcome", "admitted"));
    assertEquals(1, delta(before, after, "reelay_admission_seconds_count", "outcome", "rejected"));
    // the webhook: delivered once, after as many attempts as its delivery recorded (a slow
    // answer on a busy machine is a failed attempt, retried)
    assertEquals(1, delta(before, after, "reelay_webhook_deliveries_total", "outcome", "delivered"));
    assertEquals(queryDouble("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id"
            + " WHERE d.generation_id = ANY(?)", ids),
        delta(before, after, "reelay_webhook_delivery_attempts_sum", "outcome", "delivered"));
    assertEquals(queryDouble("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id"
            + " WHERE d.generation_id = ANY(?) AND a.error IS NOT NULL", ids),
        delta(before, after, "reelay_webhook_deliveries_total", "outcome", "failed"));
    assertEquals(0, delta(before, after, "reelay_webhook_deliveries_total", "outcome", "abandoned"));

    // each step once per generation that went through it
    assertEquals(7, delta(before, after, "reelay_generation_step_seconds_count", "step", "admission"));
    assertEquals(7, delta(before, after, "reelay_generation_step_seconds_count", "step", "submit"));
    assertEquals(5, delta(before, after, "reelay_generation_step_seconds_count", "step", "wait"));
    assertEquals(5, delta(before, after, "reelay_generation_step_seconds_count", "step", "download"));
    assertEquals(7, delta(before, after, "reelay_generation_step_seconds_count", "step", "settle"));

    // money: what the ledger journaled for these generations, to the micro-USD
    assertEquals(journaled(ids, "reserve"), delta(before, after, "reelay_money_reserved_total"));
    assertEquals(journaled(ids, "capture"), delta(before, after, "reelay_money_captured_total"));
    assertEquals(journaled(ids, "release"), delta(before, after, "reelay_money_released_total"));
    long reserved = 0;
    for (JsonNode g : admitted) {
      reserved += g.get("estimated_cost_usd").decimalValue().movePointRight(6).longValueExact();
    }
    assertEquals(reserved, delta(before, after, "reelay_money_reserved_total"));

    // stored videos: what the read model says the five completed generations keep
    assertEquals(queryDouble("SELECT sum(video_bytes) FROM generations WHERE id = ANY(?)", completed),
        delta(before, after, "reelay_videos_stored_bytes_total", "provider", "sim"));
    assertEquals(queryDouble("SELECT sum(video_duration_ms) / 1000.0 FROM generations WHERE id = ANY(?)", completed),
        delta(before, after, "reelay_videos_stored_duration_seconds_total", "provider", "sim"), 1e-6);

    // provider calls: one accepted submit per job the timelines show, and vinci's refusal
    assertEquals(queryDouble("SELECT count(*) FROM generation_events WHERE type = 'submitted' AND generation_id = ANY(?)", ids),
        delta(before, after, "reelay_provider_calls_seconds_count", "provider", "sim", "operation", "submit", "outcome", "2xx"));
    assertEquals(1, delta(before, after, "reelay_provider_calls_seconds_count", "provider", "vinci", "operation", "submit", "outcome", "4xx"));
    assertEquals(5, delta(before, after, "reelay_provider_calls_seconds_count", "provider", "sim", "operation", "download", "outcome", "2xx"));
    assertEquals(1, delta(before, after, "reelay_provider_calls_seconds_count", "provider", "sim", "operation", "cancel"));

    // callbacks: every accepted one is on a timeline; the forged one was refused
    assertEquals(queryDouble("SELECT count(*) FROM generation_events WHERE type = 'callback_received' AND generation_id = ANY(?)", ids),
        delta(before, after, "reelay_callbacks_total", "provider", "sim", "outcome", "accepted"));
    assertTrue(delta(before, after, "reelay_callbacks_total", "provider", "sim", "outcome", "accepted") >= 1);
    assertEquals(1, delta(before, after, "reelay_callbacks_total", "provider", "sim", "outcome", "refused"));

    // gauges (api role, from PostgreSQL): nothing in flight or held once all ended
    PrometheusText settled = awaitScrape(s -> s.sum("reelay_money_held") == 0 && s.sum("reelay_generations_active", "status", "processing") == 0);
    assertEquals(0, settled.sum("reelay_generations_active", "status", "pending"));
    assertEquals(0, settled.sum("reelay_admission_backlog"));
    assertEquals(0, settled.sum("reelay_holds_overdue"));
    assertTrue(settled.has("reelay_holds_overdue"));
    assertEquals(1, settled.sum("reelay_provider_circuit", "provider", "sim", "state", "closed"));
    assertEquals(0, settled.sum("reelay_provider_circuit", "provider", "sim", "state", "open"));
    assertEquals(1, settled.sum("reelay_provider_circuit", "provider", "vinci"), "one state at a time");

    // the libraries' families: HTTP by route and status, JVM, process, the pool, Temporal's SDK
    assertTrue(after.sum("http_server_requests_seconds_count", "uri", "/v1/generations", "method", "POST", "status", "201") >= 7);
    assertTrue(after.has("jvm_memory_used_bytes"));
    assertTrue(after.has("process_cpu_usage"));
    assertTrue(after.hasPrefix("hikaricp_connections"), "connection pool metrics");
    PrometheusText sdk = awaitScrape(s -> s.hasPrefix("temporal_worker_task_slots_available") && s.hasPrefix("temporal_request"));
    assertTrue(sdk.hasPrefix("temporal_workflow_task_execution_latency"), "workflow task latency");
    assertTrue(sdk.hasPrefix("temporal_activity_execution_latency"), "activity latency");
    assertTrue(sdk.hasPrefix("temporal_sticky_cache_size"), "sticky cache");
    // the SDK's timers are histograms: the bench reads a create's start's tail from them
    assertTrue(sdk.sum("temporal_request_latency_seconds_bucket", "operation", "StartWorkflowExecution", "le", "+Inf") >= 8,
        "every create's start in the start's histogram");

    // bounded labels: no id of a generation, an account or a key anywhere
    for (PrometheusText.Sample sample : after.samples()) {
      for (String value : sample.labels().values()) {
        assertFalse(UUID_TEXT.matcher(value).find(), sample.toString());
        assertFalse(value.contains(key), sample.toString());
      }
    }
  }

  @Test
  @Order(2) // after the counts: this worker joins the stack's and would take some of its tasks
  void aWorkerOnlyProcessServesItsMetricsToo() throws Exception {
    int port = freePort();
    stack.startExtraApp(port, Map.of("REELAY_ROLES", "worker"));
    HttpResponse<String> metrics = stack.getAt(port, "/metrics", null);
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    PrometheusText text = scrapeAt(port);
    assertTrue(text.has("jvm_memory_used_bytes"));
    assertFalse(text.has("reelay_money_held"), "the database's gauges are the api processes'");
    assertEquals(404, stack.getAt(port, "/v1/models", null).statusCode(), "still no API on a worker");
  }

  @Test
  @Order(3)
  void aShedCreateIsARejectionForOverload() throws Exception {
    int port = freePort();
    stack.startExtraApp(port, Map.of("REELAY_ROLES", "api", "REELAY_ADMISSION_MAX_PENDING", "1"));
    String key = stack.newAccount("metrics-shed", "1.00");
    PrometheusText before = scrapeAt(port);
    // one generation waiting to be submitted is this api's whole bound
    String waiting;
    try (Connection c = stack.database();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE generations SET status = 'pending' WHERE id ="
                    + " (SELECT id FROM generations WHERE status = 'completed' LIMIT 1) RETURNING id");
        ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next(), "a completed generation to borrow");
      waiting = rs.getString(1);
    }
    try {
      HttpResponse<String> shed = createAt(port, key, request("sim-fast", "shed me", 1, "480p"));
      assertEquals(503, shed.statusCode(), shed.body());
      assertEquals("OVERLOADED", LocalStack.json(shed).get("error").get("code").asText());
    } finally {
      try (Connection c = stack.database();
          PreparedStatement ps = c.prepareStatement("UPDATE generations SET status = 'completed' WHERE id = ?")) {
        ps.setObject(1, UUID.fromString(waiting));
        ps.executeUpdate();
      }
    }
    PrometheusText after = scrapeAt(port);
    assertEquals(1, delta(before, after, "reelay_generations_rejected_total",
        "reason", "overloaded", "model", "sim-fast", "provider", "sim", "door", "native"));
    assertEquals(1, delta(before, after, "reelay_admission_seconds_count", "outcome", "shed"));
    assertEquals(0, delta(before, after, "reelay_generations_started_total"), "nothing was started");
  }

  private static int freePort() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** POST /v1/generations on another app instance of the stack. */
  private static HttpResponse<String> createAt(int port, String key, Map<String, Object> body) throws Exception {
    return stack.http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/generations"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static PrometheusText scrapeAt(int port) throws Exception {
    HttpResponse<String> response = stack.getAt(port, "/metrics", null);
    assertEquals(200, response.statusCode(), response.body());
    return PrometheusText.parse(response.body());
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> response = stack.get("/metrics", null);
    assertEquals(200, response.statusCode(), response.body());
    Files.writeString(stack.workDir.resolve("last-scrape.txt"), response.body());
    return PrometheusText.parse(response.body());
  }

  private static PrometheusText awaitScrape(Predicate<PrometheusText> ready) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    PrometheusText last = scrape();
    while (!ready.test(last) && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      last = scrape();
    }
    return last;
  }

  private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static Map<String, Object> request(String model, String prompt, int seconds, String resolution) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("prompt", prompt);
    body.put("duration_seconds", seconds);
    body.put("aspect_ratio", "16:9");
    body.put("resolution", resolution);
    return body;
  }

  private static JsonNode create(String key, Map<String, Object> body, int expected) throws Exception {
    HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(expected, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

  private static String await(String key, JsonNode generation, String status) throws Exception {
    return stack.awaitStatus(key, generation.get("id").asText(), status, Duration.ofSeconds(90)).get("id").asText();
  }

  /** The timers the workflow set while its submission was held back (each hold sets one). */
  private static long heldBackTimers(String generationId) {
    List<HistoryEvent> events = temporal.fetchHistory("generation-" + generationId).getEvents();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .filter(e -> e.getUserMetadata().getSummary().getData().toStringUtf8().contains("held back"))
        .count();
  }

  private static double journaled(List<String> ids, String kind) throws Exception {
    return queryDouble(
        "SELECT COALESCE(sum(amount_micros), 0) FROM ledger_entries WHERE generation_id = ANY(?) AND kind = '" + kind + "'", ids);
  }

  private static double queryDouble(String sql, List<String> ids) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }
}
