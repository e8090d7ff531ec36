package io.reelay.app.compat.videogenapi;

import io.reelay.activities.generations.GenerationRecord;
import java.util.Locale;

/**
 * VideoGenAPI's status words. Its clients stop polling on completed or failed only, so Reelay's
 * canceled, rejected and expired show as failed (the reason goes into the answer's error).
 */
enum VideoGenApiStatus {
  /** Created; credits not yet held. */
  PENDING,
  /** Admitted, not yet taken by a provider. */
  IN_QUEUE,
  /** A provider has the job. */
  IN_PROGRESS,
  COMPLETED,
  FAILED;

  private final String word = name().toLowerCase(Locale.ROOT);

  String word() {
    return word;
  }

  static VideoGenApiStatus of(GenerationRecord generation) {
    return switch (generation.status()) {
      case PENDING -> PENDING;
      case PROCESSING -> generation.providerJobId() == null ? IN_QUEUE : IN_PROGRESS;
      case COMPLETED -> COMPLETED;
      case FAILED, CANCELED, REJECTED, EXPIRED -> FAILED;
    };
  }
}
