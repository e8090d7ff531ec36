package io.reelay.app.compat.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reelay's statuses in the document's words, with the reason where it has no word of its own. */
class VideoGenApiStatusTest {

  static GenerationRecord generation(
      GenerationStatus status, String providerJobId, String errorCode, String errorMessage, String metadataJson) {
    Instant created = Instant.parse("2026-12-05T10:00:00Z");
    return new GenerationRecord(
        UUID.randomUUID(), UUID.randomUUID(), "sim-studio", "sim", status, 0, "a prompt", null, 5, "16:9", "720p",
        null, false, null, metadataJson, 250_000, null, providerJobId, null, null, null, null, null, null,
        errorCode, errorMessage, created, status.isTerminal() ? created.plusSeconds(12) : null, null, null, "videogenapi");
  }

  @Test
  void everyReelayStatusHasAWordClientsKnow() {
    assertEquals("pending", VideoGenApiStatus.of(generation(GenerationStatus.PENDING, null, null, null, null)).word());
    assertEquals("in_queue", VideoGenApiStatus.of(generation(GenerationStatus.PROCESSING, null, null, null, null)).word());
    assertEquals("in_progress", VideoGenApiStatus.of(generation(GenerationStatus.PROCESSING, "job-1", null, null, null)).word());
    assertEquals("completed", VideoGenApiStatus.of(generation(GenerationStatus.COMPLETED, "job-1", null, null, null)).word());
    for (GenerationStatus ended :
        new GenerationStatus[] {GenerationStatus.FAILED, GenerationStatus.CANCELED, GenerationStatus.REJECTED, GenerationStatus.EXPIRED}) {
      assertEquals("failed", VideoGenApiStatus.of(generation(ended, "job-1", null, null, null)).word(), ended.word());
    }
  }

  @Test
  void whatShowsAsFailedSaysWhy() {
    GenerationViews.Failure rejected =
        GenerationViews.Failure.of(generation(GenerationStatus.REJECTED, null, "INSUFFICIENT_CREDITS", "balance too low", null));
    assertEquals("INSUFFICIENT_CREDITS", rejected.error());
    assertEquals("balance too low", rejected.message());
    GenerationViews.Failure canceled = GenerationViews.Failure.of(generation(GenerationStatus.CANCELED, null, null, null, null));
    assertEquals("CANCELED", canceled.error());
    assertTrue(canceled.message().contains("canceled"));
    GenerationViews.Failure expired = GenerationViews.Failure.of(generation(GenerationStatus.EXPIRED, "job-1", null, null, null));
    assertEquals("EXPIRED", expired.error());
    assertTrue(expired.message().contains("deleted"));
  }

  @Test
  void theDoorsNoteComesBackFromTheMetadataItWrote() throws Exception {
    JsonMapper json = JsonMapper.createDefault();
    DoorNote note = new DoorNote("Kling 3", GenerationType.IMAGE_TO_VIDEO);
    String stored = new String(json.writeValueAsBytes(note.metadata()), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Optional.of(note), DoorNote.read(stored, json));
    DoorNote unnamed = new DoorNote(null, GenerationType.TEXT_TO_VIDEO);
    assertEquals(
        Optional.of(unnamed),
        DoorNote.read(new String(json.writeValueAsBytes(unnamed.metadata()), java.nio.charset.StandardCharsets.UTF_8), json));
    // a generation of another API has no note
    assertEquals(Optional.empty(), DoorNote.read(null, json));
    assertEquals(Optional.empty(), DoorNote.read("{\"order\": 7}", json));
    assertEquals(Optional.empty(), DoorNote.read("{\"videogenapi\": {\"type\": \"sound\"}}", json));
  }
}
