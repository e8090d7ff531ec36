package io.reelay.activities.generations;

import java.time.Instant;
import java.util.UUID;

/** One row of the generations read model: what the API shows about a generation. */
public record GenerationRecord(
    UUID id,
    UUID accountId,
    String model,
    String provider,
    String status,
    int progress,
    String prompt,
    String negativePrompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    Long seed,
    boolean audio,
    String webhookUrl,
    String metadataJson,
    long estimatedCostMicros,
    Long costMicros,
    String providerJobId,
    String assetKey,
    Long videoBytes,
    String videoSha256,
    Long videoDurationMillis,
    Integer videoWidth,
    Integer videoHeight,
    String errorCode,
    String errorMessage,
    Instant createdAt,
    Instant completedAt,
    Instant expiresAt,
    Instant expiredAt) {

  /** Whether the workflow has finished with it (an expired generation completed first). */
  public boolean terminal() {
    return switch (status) {
      case "completed", "failed", "canceled", "rejected", "expired" -> true;
      default -> false;
    };
  }
}
