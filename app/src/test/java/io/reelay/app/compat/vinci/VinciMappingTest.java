package io.reelay.app.compat.vinci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.generations.GenerationStatus;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vinci's ids, status words, seed and key preview, from and to the core's. */
class VinciMappingTest {

  private static final UUID ID = UUID.fromString("0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b");

  @Test
  void aRequestIdIsTheGenerationsUuidInVincisSpellingAndReadsBack() {
    String requestId = VinciMapping.requestId(ID);
    assertEquals("req_0f8e2c4a1b3d4e5f8a9b0c1d2e3f4a5b", requestId);
    assertEquals(Optional.of(ID), VinciMapping.generationId(requestId));
    assertEquals(Optional.of(ID), VinciMapping.generationId("REQ_0F8E2C4A1B3D4E5F8A9B0C1D2E3F4A5B"));
    // the native id names the same generation
    assertEquals(Optional.of(ID), VinciMapping.generationId(ID.toString()));
  }

  @Test
  void aKeyIdIsTheKeysUuidInVincisSpellingAndReadsBack() {
    String keyId = VinciMapping.keyId(ID);
    assertEquals("vinci_0f8e2c4a1b3d4e5f8a9b0c1d2e3f4a5b", keyId);
    assertEquals(Optional.of(ID), VinciMapping.keyUuid(keyId));
    assertEquals(Optional.of(ID), VinciMapping.keyUuid(ID.toString()));
  }

  @Test
  void idsThatNameNothingAreEmpty() {
    assertTrue(VinciMapping.generationId("req_abc123").isEmpty());
    assertTrue(VinciMapping.generationId("req_0f8e2c4a1b3d4e5f8a9b0c1d2e3f4a5bff").isEmpty());
    assertTrue(VinciMapping.generationId("vinci_0f8e2c4a1b3d4e5f8a9b0c1d2e3f4a5b").isEmpty());
    assertTrue(VinciMapping.generationId("not-an-id").isEmpty());
    assertTrue(VinciMapping.generationId("").isEmpty());
    assertTrue(VinciMapping.keyUuid("req_0f8e2c4a1b3d4e5f8a9b0c1d2e3f4a5b").isEmpty());
    // UUID.fromString accepts short groups; only the canonical spelling names a generation
    assertTrue(VinciMapping.generationId("1-1-1-1-1").isEmpty());
  }

  @Test
  void vincisFourStatusWordsCoverEveryCoreStatus() {
    assertEquals("pending", VinciMapping.status(GenerationStatus.PENDING));
    assertEquals("processing", VinciMapping.status(GenerationStatus.PROCESSING));
    assertEquals("completed", VinciMapping.status(GenerationStatus.COMPLETED));
    assertEquals("failed", VinciMapping.status(GenerationStatus.FAILED));
    assertEquals("failed", VinciMapping.status(GenerationStatus.CANCELED));
    assertEquals("failed", VinciMapping.status(GenerationStatus.REJECTED));
    assertEquals("failed", VinciMapping.status(GenerationStatus.EXPIRED));
  }

  @Test
  void seedMinusOneMeansRandom() {
    assertNull(VinciMapping.seed(null));
    assertNull(VinciMapping.seed(-1L));
    assertEquals(0L, VinciMapping.seed(0L));
    assertEquals(42L, VinciMapping.seed(42L));
  }

  @Test
  void theKeyPreviewIsPlainAscii() {
    assertEquals("sk-...abc123", VinciMapping.keyPreview("sk-…abc123"));
  }
}
