package io.reelay.app.compat.vinci;

import io.micronaut.core.annotation.Nullable;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.Usd;
import io.reelay.app.compat.PrefixedIds;
import java.util.Optional;
import java.util.UUID;

/**
 * The pure translations between the core's words and Vinci's: ids, status words, the status
 * answer and the failure reason. Ids are the core's UUIDs in Vinci's spelling (req_..., vinci_...),
 * so nothing is stored to name them.
 */
final class VinciMapping {

  static final String REQUEST_PREFIX = "req_";
  static final String KEY_PREFIX = "vinci_";
  private static final PrefixedIds REQUEST_IDS = new PrefixedIds(REQUEST_PREFIX);
  private static final PrefixedIds KEY_IDS = new PrefixedIds(KEY_PREFIX);

  private VinciMapping() {}

  /** {@code 0f8e...-...} -> {@code req_0f8e...} (32 hex digits). */
  static String requestId(UUID generationId) {
    return REQUEST_IDS.of(generationId);
  }

  /** The generation a request_id names: req_ + 32 hex digits, or the native UUID as it is. */
  static Optional<UUID> generationId(String requestId) {
    return REQUEST_IDS.parse(requestId);
  }

  /** {@code 0f8e...-...} -> {@code vinci_0f8e...}. */
  static String keyId(UUID keyId) {
    return KEY_IDS.of(keyId);
  }

  /** The key a key_id names: vinci_ + 32 hex digits, or the native key id as it is. */
  static Optional<UUID> keyUuid(String keyId) {
    return KEY_IDS.parse(keyId);
  }

  /**
   * Vinci knows pending, processing, completed and failed: canceled, rejected and expired show as
   * failed, with the reason in error.
   */
  static String status(GenerationStatus status) {
    return switch (status) {
      case PENDING -> "pending";
      case PROCESSING -> "processing";
      case COMPLETED -> "completed";
      case FAILED, CANCELED, REJECTED, EXPIRED -> "failed";
    };
  }

  /** Why a generation shown as failed did not give a video; null for the other statuses. */
  @Nullable
  static String failureReason(GenerationRecord generation) {
    String said = generation.errorMessage() != null ? generation.errorMessage() : generation.errorCode();
    return switch (generation.status()) {
      case PENDING, PROCESSING, COMPLETED -> null;
      case FAILED, REJECTED -> said != null ? said : "the generation failed";
      case CANCELED -> said != null ? "canceled: " + said : "canceled";
      case EXPIRED -> "expired: the video was deleted at the end of its retention period";
    };
  }

  /** The status answer, with the fields Vinci shows for that status. */
  static GenerationStatusView statusView(GenerationRecord generation, @Nullable String videoUrl) {
    String requestId = requestId(generation.id());
    String status = status(generation.status());
    return switch (generation.status()) {
      case PENDING ->
          new GenerationStatusView(
              requestId, status, Usd.of(generation.estimatedCostMicros()), null, null, null, null, null);
      case PROCESSING ->
          new GenerationStatusView(
              requestId, status, Usd.of(generation.estimatedCostMicros()), generation.progress(), null, null, null, null);
      case COMPLETED ->
          new GenerationStatusView(
              requestId,
              status,
              null,
              null,
              videoUrl,
              videoSeconds(generation),
              Usd.of(generation.costMicros() == null ? generation.estimatedCostMicros() : generation.costMicros()),
              null);
      case FAILED, CANCELED, REJECTED, EXPIRED ->
          new GenerationStatusView(requestId, status, null, null, null, null, null, failureReason(generation));
    };
  }

  /** The measured length of the video, else the asked one. */
  static double videoSeconds(GenerationRecord generation) {
    return generation.videoDurationMillis() != null
        ? generation.videoDurationMillis() / 1000.0
        : generation.durationSeconds();
  }

  /** Vinci's seed -1 (or none) means random: the core's null. */
  @Nullable
  static Long seed(@Nullable Long vinciSeed) {
    return vinciSeed == null || vinciSeed == VinciRules.RANDOM_SEED ? null : vinciSeed;
  }

  /** The core's preview {@code sk-…abc123} in plain ASCII, as Vinci shows it: {@code sk-...abc123}. */
  static String keyPreview(String preview) {
    return preview.replace("…", "...");
  }
}
