package io.reelay.app.generations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.serde.ObjectMapper;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The typed records write the bytes the API's maps wrote: same field order, nulls written, an
 * absent video left out, money as USD decimals, an event's own fields beside id, type and at.
 */
class WireRecordsTest {

  private static ObjectMapper.CloseableObjectMapper json;

  @BeforeAll
  static void mapper() {
    json = ObjectMapper.create(Map.of(), "io.reelay.app.generations");
  }

  @AfterAll
  static void close() {
    json.close();
  }

  @Test
  void anEventShowsItsOwnFieldsBesideIdTypeAndAtWithMicroUsdAsUsd() throws Exception {
    GenerationEvents.Event event =
        new GenerationEvents.Event(
            UUID.randomUUID(), 3, "admitted", Instant.parse("2026-01-02T03:04:05.120Z"),
            "{\"amount_micros\":250000,\"provider\":\"sim\",\"note\":null,\"progress\":40}");
    assertEquals(
        "{\"id\":3,\"type\":\"admitted\",\"at\":\"2026-01-02T03:04:05.120Z\",\"amount_usd\":0.25,"
            + "\"provider\":\"sim\",\"note\":null,\"progress\":40}",
        new GenerationEventJson(json).text(event));
    // as the map the API wrote before the records: nulls in, order kept
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("id", 3);
    before.put("type", "admitted");
    before.put("at", "2026-01-02T03:04:05.120Z");
    before.put("amount_usd", new BigDecimal("0.25"));
    before.put("provider", "sim");
    before.put("note", null);
    before.put("progress", 40);
    assertEquals(text(before), new GenerationEventJson(json).text(event));
  }

  @Test
  void aGenerationWritesEveryFieldInOrderWithNullsAndWithoutAnAbsentVideo() throws Exception {
    UUID id = UUID.fromString("6f1c1d7e-0000-4000-8000-000000000001");
    GenerationRecord pending =
        new GenerationRecord(
            id, UUID.randomUUID(), "sim-fast", "sim", GenerationStatus.REJECTED, 0, "a cat", null, 5, "16:9", "480p", null, false,
            null, "{\"k\":\"v\",\"n\":1}", 250_000, null, null, null, null, null, null, null, null,
            "INSUFFICIENT_CREDITS", "no credits", Instant.parse("2026-01-02T03:04:05Z"), null, null, null, "native");
    assertEquals(
        "{\"id\":\"6f1c1d7e-0000-4000-8000-000000000001\",\"object\":\"generation\",\"status\":\"failed\","
            + "\"progress\":0,\"model\":\"sim-fast\",\"provider\":\"sim\",\"prompt\":\"a cat\",\"negative_prompt\":null,"
            + "\"duration_seconds\":5,\"aspect_ratio\":\"16:9\",\"resolution\":\"480p\",\"seed\":null,\"audio\":false,"
            + "\"webhook_url\":null,\"metadata\":{\"k\":\"v\",\"n\":1},\"estimated_cost_usd\":0.25,\"cost_usd\":null,"
            + "\"video_url\":null,\"error\":{\"code\":\"INSUFFICIENT_CREDITS\",\"message\":\"no credits\"},"
            + "\"created_at\":\"2026-01-02T03:04:05Z\",\"completed_at\":null,\"expires_at\":null,\"expired_at\":null,\"door\":\"native\"}",
        text(new GenerationJson(json).view(pending, "http://x")));

    GenerationRecord completed =
        new GenerationRecord(
            id, UUID.randomUUID(), "sim-fast", "sim", GenerationStatus.COMPLETED, 100, "a cat", "dogs", 5, "16:9", "480p", 7L, true,
            "https://example.com/h", null, 1_000_000, 100_000L, "job", "asset", 1234L, "ab", 5040L, 640, 360, null, null,
            Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:05:05Z"),
            Instant.parse("2026-02-02T03:05:05Z"), null, "native");
    assertEquals(
        "{\"id\":\"6f1c1d7e-0000-4000-8000-000000000001\",\"object\":\"generation\",\"status\":\"completed\","
            + "\"progress\":100,\"model\":\"sim-fast\",\"provider\":\"sim\",\"prompt\":\"a cat\",\"negative_prompt\":\"dogs\","
            + "\"duration_seconds\":5,\"aspect_ratio\":\"16:9\",\"resolution\":\"480p\",\"seed\":7,\"audio\":true,"
            + "\"webhook_url\":\"https://example.com/h\",\"metadata\":null,\"estimated_cost_usd\":1.00,\"cost_usd\":0.10,"
            + "\"video_url\":\"http://x/v1/generations/6f1c1d7e-0000-4000-8000-000000000001/content\","
            + "\"video\":{\"duration_seconds\":5.04,\"width\":640,\"height\":360,\"size_bytes\":1234,\"sha256\":\"ab\"},"
            + "\"error\":null,\"created_at\":\"2026-01-02T03:04:05Z\",\"completed_at\":\"2026-01-02T03:05:05Z\","
            + "\"expires_at\":\"2026-02-02T03:05:05Z\",\"expired_at\":null,\"door\":\"native\"}",
        text(new GenerationJson(json).view(completed, "http://x")));
  }

  private static String text(Object value) throws Exception {
    return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
  }
}
