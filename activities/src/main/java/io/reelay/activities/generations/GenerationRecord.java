package io.reelay.activities.generations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/** One row of the generations read model: what the API shows about a generation. */
@MappedEntity("generations")
public record GenerationRecord(
    @Id UUID id,
    UUID accountId,
    String model,
    String provider,
    @MappedProperty(converter = GenerationStatusConverter.class) GenerationStatus status,
    int progress,
    String prompt,
    @Nullable String negativePrompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    @Nullable Long seed,
    boolean audio,
    @Nullable String webhookUrl,
    @Nullable @MappedProperty("metadata") String metadataJson,
    long estimatedCostMicros,
    @Nullable Long costMicros,
    @Nullable String providerJobId,
    @Nullable String assetKey,
    @Nullable Long videoBytes,
    @Nullable String videoSha256,
    @Nullable @MappedProperty("video_duration_ms") Long videoDurationMillis,
    @Nullable Integer videoWidth,
    @Nullable Integer videoHeight,
    @Nullable String errorCode,
    @Nullable String errorMessage,
    Instant createdAt,
    @Nullable Instant completedAt,
    @Nullable Instant expiresAt,
    @Nullable Instant expiredAt,
    String door) {

  /** The door of a generation created through the native API (/v1/generations). */
  public static final String NATIVE_DOOR = "native";

  /** Whether the workflow has finished with it (an expired generation completed first). */
  public boolean terminal() {
    return status.isTerminal();
  }
}
