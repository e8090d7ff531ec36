package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The VideoGenAPI adapter against the VideoGenAPI emulator over real HTTP, through the whole
 * pipeline (Temporal dev server, PostgreSQL, the app as its own process): a generation that
 * completes and is charged its price, a burst of 5xx on status reads, a 429 on submission retried
 * after its seconds_until_reset, a failed job and a job that never finishes, both released.
 */
class VideoGenApiEndToEndTest {

  private static final int THROTTLE_RESET_SECONDS = 3;

  private static LocalStack stack;
  private static WorkflowClient temporal;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VIDEOGENAPI_ENABLED", "true",
                "REELAY_VIDEOGENAPI_POLL_SECONDS", "1",
                "REELAY_VIDEOGENAPI_DEADLINE_SECONDS", "12",
                "REELAY_EMULATORS_VIDEOGENAPI_DELAY_SECONDS", "1",
                // longer than the Submit activity's first retry interval (1 s), to see the hint win
                "REELAY_EMULATORS_VIDEOGENAPI_THROTTLE_RESET_SECONDS", String.valueOf(THROTTLE_RESET_SECONDS),
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
  void aGenerationCompletesWithARealVideoAndIsChargedItsPrice() throws Exception {
    String key = stack.newAccount("videogen-happy", "1.00");
    JsonNode g = create(key, "a heron at dawn", 5, "16:9", "720p");
    assertEquals("videogenapi", g.get("provider").asText());
    assertEquals(0, new BigDecimal("0.35").compareTo(g.get("estimated_cost_usd").decimalValue()), g.toString());
    String id = g.get("id").asText();
    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));
    // 5 s at $0.07/s (720p), no audio
    assertEquals(0, new BigDecimal("0.35").compareTo(done.get("cost_usd").decimalValue()), done.toString());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("0.65").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum(), balance.toString());

    HttpResponse<byte[]> video = stack.getBytes("/v1/generations/" + id + "/content", key, null);
    assertEquals(200, video.statusCode());
    Path file = Files.createTempFile(stack.workDir, "videogenapi-", ".mp4");
    Files.write(file, video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertEquals(1280, facts.width());
    assertEquals(720, facts.height());
    assertEquals(5000, facts.durationMillis());
    // the emulator rendered what the adapter asked for
    assertEquals("kling_25", emulatorJob("a heron at dawn", "model"));
  }

  @Test
  void anImageToVideoGenerationHandsItsImagesOverAsSignedLinks() throws Exception {
    String key = stack.newAccount("videogen-image", "1.00");
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(48, 27, java.awt.image.BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xff8800);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", png);
    String dataUri = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png.toByteArray());
    String prompt = "the heron takes off " + System.nanoTime();
    HttpResponse<String> response =
        stack.post(
            "/v1/generations",
            key,
            Map.of(
                "model", "videogen-video",
                "prompt", prompt,
                "duration_seconds", 5,
                "resolution", "720p",
                "image_url", dataUri,
                "reference_image_urls", java.util.List.of(dataUri, dataUri)),
            Map.of());
    assertEquals(201, response.statusCode(), response.body());
    stack.awaitStatus(key, LocalStack.json(response).get("id").asText(), "completed", Duration.ofSeconds(90));
    // the emulator downloaded the first frame and both references from our /inputs links
    assertEquals("image-to-video", emulatorJob(prompt, "type"));
    assertEquals(3, ((Number) emulatorJob(prompt, "image_count")).intValue());
    assertEquals(3L * png.size(), ((Number) emulatorJob(prompt, "image_bytes")).longValue());
  }

  @Test
  void aBurstOfServerErrorsOnStatusIsRiddenOut() throws Exception {
    String key = stack.newAccount("videogen-5xx", "1.00");
    String prompt = "thunder [vgapi:5xx=3] " + System.nanoTime();
    JsonNode g = create(key, prompt, 5, "9:16", "720p");
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertEquals(0, new BigDecimal("0.35").compareTo(done.get("cost_usd").decimalValue()), done.toString());
    assertEquals(0, ((Number) emulatorJob(prompt, "server_errors_left")).intValue(), "all three 500s were served");
  }

  @Test
  void aRateLimitedSubmissionIsRetriedAfterSecondsUntilReset() throws Exception {
    String key = stack.newAccount("videogen-429", "1.00");
    JsonNode g = create(key, "a busy market [vgapi:429] " + System.nanoTime(), 5, "1:1", "720p");
    String id = g.get("id").asText();
    stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));

    List<HistoryEvent> events = temporal.fetchHistory("generation-" + id).getEvents();
    HistoryEvent scheduled = null;
    HistoryEvent started = null;
    HistoryEvent completed = null;
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Submit")) {
        scheduled = e;
      } else if (scheduled != null
          && e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled.getEventId()) {
        started = e;
      } else if (scheduled != null
          && e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduled.getEventId()) {
        completed = e;
      }
    }
    assertNotNull(completed, "Submit completed");
    assertEquals(2, started.getActivityTaskStartedEventAttributes().getAttempt(), "submitted again after the 429");
    String lastFailure = started.getActivityTaskStartedEventAttributes().getLastFailure().getMessage();
    assertTrue(lastFailure.contains("HTTP_429"), lastFailure);
    // the retry waited for the hint, not for the activity's 1 s first retry interval
    Duration waited = between(scheduled, completed);
    assertTrue(waited.compareTo(Duration.ofMillis(THROTTLE_RESET_SECONDS * 1000 - 100)) >= 0, "Submit settled after " + waited);
  }

  @Test
  void aFailedGenerationIsFailedAndReleased() throws Exception {
    String key = stack.newAccount("videogen-failed", "1.00");
    JsonNode g = create(key, "an impossible shot [vgapi:fail]", 10, "16:9", "1080p");
    assertEquals(0, new BigDecimal("1.00").compareTo(g.get("estimated_cost_usd").decimalValue()), g.toString());
    JsonNode failed = stack.awaitStatus(key, g.get("id").asText(), "failed", Duration.ofSeconds(90));
    assertEquals("PROVIDER_FAILED", failed.get("error").get("code").asText(), failed.toString());
    assertNothingCharged(key);
  }

  @Test
  void aGenerationThatNeverFinishesFailsAtItsDeadlineUncharged() throws Exception {
    String key = stack.newAccount("videogen-never", "1.00");
    JsonNode g = create(key, "an endless take [vgapi:never]", 5, "16:9", "720p");
    JsonNode failed = stack.awaitStatus(key, g.get("id").asText(), "failed", Duration.ofSeconds(90));
    assertEquals("DEADLINE_EXCEEDED", failed.get("error").get("code").asText(), failed.toString());
    assertNothingCharged(key);
  }

  private static void assertNothingCharged(String key) throws Exception {
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum(), balance.toString());
    JsonNode ledger = LocalStack.json(stack.get("/v1/ledger", key));
    for (JsonNode entry : ledger.get("data")) {
      assertTrue(!entry.get("kind").asText().equals("capture"), "no capture: " + ledger);
    }
  }

  private static Duration between(HistoryEvent from, HistoryEvent to) {
    Instant start = Instant.ofEpochSecond(from.getEventTime().getSeconds(), from.getEventTime().getNanos());
    Instant end = Instant.ofEpochSecond(to.getEventTime().getSeconds(), to.getEventTime().getNanos());
    return Duration.between(start, end);
  }

  /** A column of the emulator's row for the generation with this prompt. */
  private static Object emulatorJob(String prompt, String column) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM videogenapi_emulator_jobs WHERE prompt = ?")) {
      ps.setString(1, prompt);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the emulator has a generation for " + prompt);
        Object value = rs.getObject(1);
        assertTrue(!rs.next(), "one generation for " + prompt);
        return value;
      }
    }
  }

  private static JsonNode create(String key, String prompt, int seconds, String aspect, String resolution)
      throws Exception {
    HttpResponse<String> response =
        stack.post(
            "/v1/generations",
            key,
            Map.of(
                "model", "videogen-video",
                "prompt", prompt,
                "duration_seconds", seconds,
                "aspect_ratio", aspect,
                "resolution", resolution),
            Map.of());
    assertEquals(201, response.statusCode(), response.body());
    return LocalStack.json(response);
  }
}
