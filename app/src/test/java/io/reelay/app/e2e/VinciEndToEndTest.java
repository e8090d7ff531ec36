package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vinci adapter against the Vinci emulator over real HTTP, through the whole pipeline:
 * happy path, a burst of 5xx on status polls, a 429 with Retry-After on submission, a definitive
 * refusal, a failed job and a job that never finishes.
 */
class VinciEndToEndTest {

  private static LocalStack stack;
  private static WorkflowClient temporal;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VINCI_ENABLED", "true",
                "REELAY_VINCI_POLL_SECONDS", "1",
                "REELAY_VINCI_DEADLINE_SECONDS", "12",
                "REELAY_EMULATORS_VINCI_DELAY_SECONDS", "1",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000",
                // a model routed vinci -> sim, to see failover between real adapters
                "JAVA_TOOL_OPTIONS",
                String.join(
                    " ",
                    "-Dreelay.models.routed.providers=vinci,sim",
                    "-Dreelay.models.routed.resolutions=720p",
                    "-Dreelay.models.routed.price-per-second-usd.720p=0.05",
                    "-Dreelay.models.routed.poll-interval-seconds=1",
                    "-Dreelay.models.routed.deadline-seconds=6")));
    temporal = stack.temporalClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aVinciGenerationCompletesWithARealVideo() throws Exception {
    String key = stack.newAccount("vinci-happy", "1.00");
    JsonNode g = create(key, "a fox in the snow", 2, "9:16", 201);
    assertEquals("vinci", g.get("provider").asText());
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertEquals(0, new BigDecimal("0.10").compareTo(done.get("cost_usd").decimalValue()));
    HttpResponse<byte[]> video = stack.getBytes("/v1/generations/" + g.get("id").asText() + "/content", key, null);
    Path file = Files.createTempFile(stack.workDir, "vinci-", ".mp4");
    Files.write(file, video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
    assertTrue(Math.abs(facts.durationMillis() - 2000) <= 100);
  }

  @Test
  void aBurstOfServerErrorsOnStatusIsRiddenOut() throws Exception {
    String key = stack.newAccount("vinci-5xx", "1.00");
    JsonNode g = create(key, "storm [vinci:5xx=3]", 1, "16:9", 201);
    stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
  }

  @Test
  void aRateLimitedSubmissionIsRetriedAfterItsHint() throws Exception {
    String key = stack.newAccount("vinci-429", "1.00");
    JsonNode g = create(key, "crowded [vinci:429] " + System.nanoTime(), 1, "1:1", 201);
    stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    // the Submit activity succeeded on its second attempt
    List<HistoryEvent> events = temporal.fetchHistory("generation-" + g.get("id").asText()).getEvents();
    int submitAttempt = 0;
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Submit")) {
        for (int j = i + 1; j < events.size(); j++) {
          HistoryEvent started = events.get(j);
          if (started.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
              && started.getActivityTaskStartedEventAttributes().getScheduledEventId() == e.getEventId()) {
            submitAttempt = started.getActivityTaskStartedEventAttributes().getAttempt();
          }
        }
      }
    }
    assertEquals(2, submitAttempt, "submitted again after the 429");
  }

  @Test
  void definitiveRefusalsAndFailuresReleaseTheHold() throws Exception {
    String key = stack.newAccount("vinci-failures", "1.00");
    JsonNode refused = create(key, "no money upstream [vinci:402]", 2, "16:9", 201);
    assertEquals("PROVIDER_REJECTED", stack.awaitStatus(key, refused.get("id").asText(), "failed", Duration.ofSeconds(90)).get("error").get("code").asText());
    JsonNode failed = create(key, "broken [vinci:fail]", 2, "16:9", 201);
    assertEquals("PROVIDER_FAILED", stack.awaitStatus(key, failed.get("id").asText(), "failed", Duration.ofSeconds(90)).get("error").get("code").asText());
    JsonNode stalled = create(key, "forever [vinci:never]", 2, "16:9", 201);
    assertEquals("DEADLINE_EXCEEDED", stack.awaitStatus(key, stalled.get("id").asText(), "failed", Duration.ofSeconds(90)).get("error").get("code").asText());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
  }

  @Test
  void aRefusingProviderHandsTheJobToTheNextOnTheRoute() throws Exception {
    String key = stack.newAccount("routed-refused", "1.00");
    JsonNode models = LocalStack.json(stack.get("/v1/models", key));
    boolean listed = false;
    for (JsonNode m : models.get("data")) {
      if (m.get("id").asText().equals("routed")) {
        listed = m.get("providers").toString().equals("[\"vinci\",\"sim\"]");
      }
    }
    assertTrue(listed, "GET /v1/models shows the route: " + models);
    JsonNode g = create(key, "routed", "vinci is out of money [vinci:402]", 2, "16:9", 201);
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertEquals("sim", done.get("provider").asText());
    assertEquals(0, new BigDecimal("0.10").compareTo(done.get("cost_usd").decimalValue()));
  }

  @Test
  void aStalledProviderIsReplacedAndTheCustomerPaysOnce() throws Exception {
    String key = stack.newAccount("routed-stalled", "1.00");
    JsonNode g = create(key, "routed", "vinci hangs [vinci:never]", 1, "16:9", 201);
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertEquals("sim", done.get("provider").asText());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("0.95").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    JsonNode ledger = LocalStack.json(stack.get("/v1/ledger", key));
    int captures = 0;
    for (JsonNode e : ledger.get("data")) {
      captures += e.get("kind").asText().equals("capture") ? 1 : 0;
    }
    assertEquals(1, captures);
  }

  @Test
  void anOpenCircuitHandsTheJobToTheNextProviderWithoutAskingVinci() throws Exception {
    String key = stack.newAccount("routed-circuit", "1.00");
    // as if Vinci had just failed five times in a row, seen by any worker
    try (java.sql.Connection c = stack.database();
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO provider_circuits (provider, consecutive_failures, open_until, last_error)"
              + " VALUES ('vinci', 5, clock_timestamp() + interval '10 minutes', 'HTTP_503')"
              + " ON CONFLICT (provider) DO UPDATE SET consecutive_failures = 5, open_until = EXCLUDED.open_until");
    }
    try {
      JsonNode g = create(key, "routed", "vinci is down", 1, "16:9", 201);
      JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
      assertEquals("sim", done.get("provider").asText());
      List<HistoryEvent> events = temporal.fetchHistory("generation-" + g.get("id").asText()).getEvents();
      String failures =
          events.stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
              .map(e -> e.getActivityTaskFailedEventAttributes().getFailure().getMessage())
              .toList()
              .toString();
      assertTrue(failures.contains("CIRCUIT_OPEN"), failures);
    } finally {
      try (java.sql.Connection c = stack.database();
          java.sql.Statement st = c.createStatement()) {
        st.executeUpdate("DELETE FROM provider_circuits WHERE provider = 'vinci'");
      }
    }
  }

  private static JsonNode create(String key, String prompt, int seconds, String aspect, int expected) throws Exception {
    return create(key, "vinci-video", prompt, seconds, aspect, expected);
  }

  private static JsonNode create(String key, String model, String prompt, int seconds, String aspect, int expected)
      throws Exception {
    HttpResponse<String> response =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", model, "prompt", prompt, "duration_seconds", seconds, "aspect_ratio", aspect, "resolution", "720p"),
            Map.of());
    assertEquals(expected, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

}
