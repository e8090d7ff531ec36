package io.reelay.app.compat.venice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reelay's generations in Venice's words: queueids, the retrieve JSON and the failure reasons. */
class VeniceJobsTest {

  private static final Instant QUEUED = Instant.parse("2026-12-05T20:00:00Z");

  @Test
  void aQueueIdLeadsBackToItsGeneration() {
    UUID id = UUID.randomUUID();
    assertEquals(id, VeniceJobs.generationId(VeniceJobs.queueId(id)));
    assertEquals(id, VeniceJobs.generationId(" " + VeniceJobs.queueId(id).toUpperCase() + " "));
    assertEquals(404, assertThrows(ApiException.class, () -> VeniceJobs.generationId("abc123-def456")).status().getCode());
  }

  @Test
  void everyStatusHasItsAnswer() {
    assertEquals(VeniceJobs.Answer.WAITING, VeniceJobs.Answer.of(GenerationStatus.PENDING));
    assertEquals(VeniceJobs.Answer.WAITING, VeniceJobs.Answer.of(GenerationStatus.PROCESSING));
    assertEquals(VeniceJobs.Answer.VIDEO, VeniceJobs.Answer.of(GenerationStatus.COMPLETED));
    assertEquals(VeniceJobs.Answer.FAILED, VeniceJobs.Answer.of(GenerationStatus.FAILED));
    assertEquals(VeniceJobs.Answer.FAILED, VeniceJobs.Answer.of(GenerationStatus.CANCELED));
    assertEquals(VeniceJobs.Answer.FAILED, VeniceJobs.Answer.of(GenerationStatus.REJECTED));
    assertEquals(VeniceJobs.Answer.GONE, VeniceJobs.Answer.of(GenerationStatus.EXPIRED));
  }

  @Test
  void aWaitingJobTellsItsTimes() {
    VeniceProcessing queued = VeniceJobs.processing(generation(GenerationStatus.PENDING, 0, null), QUEUED.plusMillis(1500));
    assertEquals(new VeniceProcessing("queued", 1500, null), queued);
    VeniceProcessing started = VeniceJobs.processing(generation(GenerationStatus.PROCESSING, 0, null), QUEUED.plusSeconds(3));
    assertEquals("processing", started.status());
    assertNull(started.estimatedDuration(), "no progress yet: nothing to extrapolate");
    VeniceProcessing quarter = VeniceJobs.processing(generation(GenerationStatus.PROCESSING, 25, null), QUEUED.plusSeconds(15));
    assertEquals(new VeniceProcessing("processing", 15_000, 60_000L), quarter);
  }

  @Test
  void failuresCarryTheirReason() {
    assertEquals(
        "Generation failed: the provider refused the prompt",
        VeniceJobs.failure(generation(GenerationStatus.FAILED, 0, "the provider refused the prompt")));
    assertTrue(VeniceJobs.failure(generation(GenerationStatus.CANCELED, 0, null)).contains("canceled"));
    assertTrue(VeniceJobs.failure(generation(GenerationStatus.REJECTED, 0, "insufficient credits")).contains("insufficient credits"));
  }

  private static GenerationRecord generation(GenerationStatus status, int progress, String error) {
    return new GenerationRecord(
        UUID.randomUUID(), UUID.randomUUID(), "sim-studio", "sim", status, progress, "a forest", null, 5, "16:9", "720p",
        null, false, null, null, 400_000, null, null, null, null, null, null, null, null,
        error == null ? null : "PROVIDER_FAILED", error, QUEUED, null, null, null, "venice");
  }
}
