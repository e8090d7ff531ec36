package io.reelay.app.compat.venice;

import io.micronaut.http.HttpStatus;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** How a Reelay generation looks as a Venice job: its queueid and what retrieve answers. */
final class VeniceJobs {

  /** What POST /video/retrieve answers for a generation in each of Reelay's statuses. */
  enum Answer {
    /** JSON: queued or processing. */
    WAITING,
    /** The MP4 itself. */
    VIDEO,
    /** 500, the document's "Generation failed", with the reason in error. */
    FAILED,
    /** 404: the video was deleted (complete, delete_media_on_completion or retention). */
    GONE;

    static Answer of(GenerationStatus status) {
      return switch (status) {
        case PENDING, PROCESSING -> WAITING;
        case COMPLETED -> VIDEO;
        case FAILED, CANCELED, REJECTED -> FAILED;
        case EXPIRED -> GONE;
      };
    }
  }

  private VeniceJobs() {}

  /** The generation's id as it is: a string, and the way back is the parse below. */
  static String queueId(UUID generationId) {
    return generationId.toString();
  }

  /** The generation a queueid names; a string that is not one of ours names no job (404). */
  static UUID generationId(String queueId) {
    try {
      return UUID.fromString(queueId.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw notFound();
    }
  }

  static ApiException notFound() {
    return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no job with this queueid and model");
  }

  /**
   * The JSON of a job that is not done: milliseconds since it was queued and, once the provider
   * reports progress, the whole run extrapolated from it.
   */
  static VeniceProcessing processing(GenerationRecord generation, Instant now) {
    long elapsed = Math.max(0, Duration.between(generation.createdAt(), now).toMillis());
    int progress = generation.progress();
    Long estimated = progress > 0 && progress < 100 ? Math.max(elapsed, elapsed * 100 / progress) : null;
    String status = generation.status() == GenerationStatus.PENDING ? "queued" : "processing";
    return new VeniceProcessing(status, elapsed, estimated);
  }

  /** Why a failed, canceled or rejected job has no video, for the error field. */
  static String failure(GenerationRecord generation) {
    String reason = generation.errorMessage();
    return switch (generation.status()) {
      case CANCELED -> "the job was canceled" + (reason == null ? "" : ": " + reason);
      case REJECTED -> "the job was refused before it ran" + (reason == null ? "" : ": " + reason);
      default -> "Generation failed" + (reason == null ? "" : ": " + reason);
    };
  }

  /** Why a job's video is no longer there, for the error field of the 404. */
  static String gone(GenerationRecord generation) {
    return "the video of this job was deleted"
        + (generation.expiredAt() == null ? "" : " at " + generation.expiredAt())
        + " (complete, delete_media_on_completion or the retention period)";
  }
}
