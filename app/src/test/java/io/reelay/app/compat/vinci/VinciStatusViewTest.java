package io.reelay.app.compat.vinci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.serde.ObjectMapper;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The status answer carries, for each status, the fields Vinci shows for it. */
class VinciStatusViewTest {

  private static final UUID ID = UUID.fromString("0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b");
  private static final String REQUEST_ID = "req_0f8e2c4a1b3d4e5f8a9b0c1d2e3f4a5b";
  private static ObjectMapper.CloseableObjectMapper json;

  @BeforeAll
  static void mapper() {
    json = ObjectMapper.create(Map.of(), "io.reelay.app.compat.vinci");
  }

  @AfterAll
  static void close() {
    json.close();
  }

  @Test
  void pendingShowsTheEstimate() throws Exception {
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"pending\",\"estimated_cost_usd\":0.25}",
        text(VinciMapping.statusView(generation(GenerationStatus.PENDING, 0, null, null, null, null), null)));
  }

  @Test
  void processingAddsProgress() throws Exception {
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"processing\",\"estimated_cost_usd\":0.25,\"progress\":45}",
        text(VinciMapping.statusView(generation(GenerationStatus.PROCESSING, 45, null, null, null, null), null)));
  }

  @Test
  void completedShowsTheVideoItsMeasuredLengthAndTheCharge() throws Exception {
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"completed\",\"video_url\":\"https://x/v.mp4\","
            + "\"duration_seconds\":5.04,\"cost_usd\":0.25}",
        text(
            VinciMapping.statusView(
                generation(GenerationStatus.COMPLETED, 100, 250_000L, 5040L, null, null), "https://x/v.mp4")));
  }

  @Test
  void everyOtherEndIsFailedWithItsReason() throws Exception {
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"failed\",\"error\":\"the provider refused the prompt\"}",
        text(
            VinciMapping.statusView(
                generation(GenerationStatus.FAILED, 0, null, null, "PROVIDER_REJECTED", "the provider refused the prompt"),
                null)));
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"failed\",\"error\":\"no credits\"}",
        text(
            VinciMapping.statusView(
                generation(GenerationStatus.REJECTED, 0, null, null, "INSUFFICIENT_CREDITS", "no credits"), null)));
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"failed\",\"error\":\"canceled\"}",
        text(VinciMapping.statusView(generation(GenerationStatus.CANCELED, 10, null, null, null, null), null)));
    String expired =
        text(VinciMapping.statusView(generation(GenerationStatus.EXPIRED, 100, 250_000L, 5000L, null, null), null));
    assertEquals(
        "{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"failed\",\"error\":\""
            + VinciMapping.failureReason(generation(GenerationStatus.EXPIRED, 100, 250_000L, 5000L, null, null))
            + "\"}",
        expired);
    assertEquals(true, expired.contains("expired"));
  }

  private static GenerationRecord generation(
      GenerationStatus status, int progress, Long costMicros, Long videoMillis, String errorCode, String errorMessage) {
    return new GenerationRecord(
        ID, UUID.randomUUID(), "sim-fast", "sim", status, progress, "a cat", null, 5, "16:9", "480p", null, false,
        null, null, 250_000, costMicros, null, null, null, null, videoMillis, null, null, errorCode, errorMessage,
        Instant.parse("2026-01-02T03:04:05Z"), null, null, null, "vinci");
  }

  private static String text(Object value) throws Exception {
    return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
  }
}
