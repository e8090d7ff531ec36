package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Venice adapter against the Venice emulator over real HTTP, through the whole pipeline
 * (API, Temporal workflow, worker, PostgreSQL): a generation that completes and is charged its
 * catalog price, a burst of 5xx on retrieve, a throttled queue, a refusal, a failed job and a job
 * that never finishes. What Venice was sent is read from the emulator's rows in the same database.
 */
class VeniceEndToEndTest {

  private static final String T2V = "kling-2.5-turbo-pro-text-to-video";

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VENICE_ENABLED", "true",
                "REELAY_VENICE_POLL_SECONDS", "1",
                "REELAY_VENICE_DEADLINE_SECONDS", "15",
                "REELAY_EMULATORS_VENICE_DELAY_SECONDS", "2",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aVeniceGenerationCompletesWithARealVideoAndIsChargedItsPrice() throws Exception {
    String key = stack.newAccount("venice-happy", "1.00");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "venice-video");
    body.put("prompt", "a fox in the snow");
    body.put("negative_prompt", "blurry");
    body.put("duration_seconds", 5);
    body.put("aspect_ratio", "16:9");
    body.put("resolution", "720p");
    body.put("seed", 1234);
    body.put("audio", true);
    JsonNode g = create(key, body);
    assertEquals("venice", g.get("provider").asText());
    String id = g.get("id").asText();
    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));

    // 5 s at 720p ($0.07/s) with audio ($0.02/s), from the catalog
    assertEquals(0, new BigDecimal("0.45").compareTo(done.get("cost_usd").decimalValue()), done.toString());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("0.55").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum(), balance.toString());

    HttpResponse<byte[]> video = stack.getBytes("/v1/generations/" + id + "/content", key, null);
    assertEquals(200, video.statusCode());
    Path file = Files.createTempFile(stack.workDir, "venice-", ".mp4");
    Files.write(file, video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertEquals(1280, facts.width());
    assertEquals(720, facts.height());
    assertEquals(5000, facts.durationMillis());

    // what Venice was asked for: the configured upstream model and the spec as given
    String providerJobId = providerJobId(id);
    assertTrue(providerJobId.startsWith(T2V + "|"), providerJobId);
    Map<String, Object> upstream = emulatorJob(providerJobId.substring(T2V.length() + 1));
    assertEquals(T2V, upstream.get("model"));
    assertEquals("a fox in the snow", upstream.get("prompt"));
    assertEquals("blurry", upstream.get("negative_prompt"));
    assertEquals(5, upstream.get("duration_seconds"));
    assertEquals("720p", upstream.get("resolution"));
    assertEquals(true, upstream.get("audio"));
    assertEquals(1234L, upstream.get("seed"));
    // once stored with us, the video was deleted upstream (/video/complete)
    assertTrue(upstream.get("deleted_at") != null, upstream.toString());
  }

  @Test
  void aBurstOfServerErrorsOnRetrieveIsRiddenOut() throws Exception {
    String key = stack.newAccount("venice-5xx", "1.00");
    JsonNode g = create(key, generation("storm [venice:5xx=3]"));
    String id = g.get("id").asText();
    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));
    assertEquals(0, new BigDecimal("0.35").compareTo(done.get("cost_usd").decimalValue()), done.toString());
    // the burst did happen: every injected error was answered
    String providerJobId = providerJobId(id);
    assertEquals(0, emulatorJob(providerJobId.substring(providerJobId.indexOf('|') + 1)).get("server_errors_left"));
  }

  @Test
  void aThrottledQueueIsRetriedAfterItsHint() throws Exception {
    String key = stack.newAccount("venice-429", "1.00");
    JsonNode g = create(key, generation("crowded [venice:429] " + System.nanoTime()));
    stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
  }

  @Test
  void aFailedJobFailsTheGenerationAndReleasesTheHold() throws Exception {
    String key = stack.newAccount("venice-failed", "1.00");
    JsonNode failed = create(key, generation("broken [venice:fail]"));
    JsonNode result = stack.awaitStatus(key, failed.get("id").asText(), "failed", Duration.ofSeconds(90));
    assertEquals("PROVIDER_FAILED", result.get("error").get("code").asText(), result.toString());
    JsonNode refused = create(key, generation("no money upstream [venice:402]"));
    JsonNode rejected = stack.awaitStatus(key, refused.get("id").asText(), "failed", Duration.ofSeconds(90));
    assertEquals("PROVIDER_REJECTED", rejected.get("error").get("code").asText(), rejected.toString());
    assertNothingCharged(key);
  }

  @Test
  void aJobThatNeverFinishesFailsAtTheDeadlineAndCostsNothing() throws Exception {
    String key = stack.newAccount("venice-never", "1.00");
    JsonNode stalled = create(key, generation("forever [venice:never]"));
    JsonNode result = stack.awaitStatus(key, stalled.get("id").asText(), "failed", Duration.ofSeconds(90));
    assertEquals("DEADLINE_EXCEEDED", result.get("error").get("code").asText(), result.toString());
    assertNothingCharged(key);
  }

  // ---- helpers

  private static void assertNothingCharged(String key) throws Exception {
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum(), balance.toString());
    JsonNode ledger = LocalStack.json(stack.get("/v1/ledger", key));
    for (JsonNode entry : ledger.get("data")) {
      assertTrue(!entry.get("kind").asText().equals("capture"), ledger.toString());
    }
  }

  private static Map<String, Object> generation(String prompt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "venice-video");
    body.put("prompt", prompt);
    body.put("duration_seconds", 5);
    body.put("aspect_ratio", "16:9");
    body.put("resolution", "720p");
    return body;
  }

  private static JsonNode create(String key, Map<String, Object> body) throws Exception {
    HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(201, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

  /** Our provider job id of a generation, from the read model. */
  private static String providerJobId(String generationId) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps = c.prepareStatement("SELECT provider_job_id FROM generations WHERE id = ?::uuid")) {
      ps.setString(1, generationId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no generation " + generationId);
        return rs.getString(1);
      }
    }
  }

  /** The emulator's row of an upstream job (the emulator shares the app's database). */
  private static Map<String, Object> emulatorJob(String queueId) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM venice_emulator_jobs WHERE queue_id = ?")) {
      ps.setString(1, queueId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the emulator has no job " + queueId);
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    }
  }
}
