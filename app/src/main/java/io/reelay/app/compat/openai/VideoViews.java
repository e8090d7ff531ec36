package io.reelay.app.compat.openai;

import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import java.time.Instant;
import java.util.Locale;

/** A generation as the Videos API's video object. */
final class VideoViews {

  private VideoViews() {}

  static Video of(GenerationRecord generation) {
    VideoStatus status = VideoStatus.of(generation.status());
    return new Video(
        VideoIds.of(generation.id()),
        Video.OBJECT,
        generation.createdAt().getEpochSecond(),
        generation.terminal() ? seconds(generation.completedAt()) : null,
        // once deleted (by the client or retention) the assets expired when that happened
        seconds(generation.expiredAt() != null ? generation.expiredAt() : generation.expiresAt()),
        status.word(),
        progress(generation, status),
        generation.model(),
        generation.prompt(),
        String.valueOf(generation.durationSeconds()),
        VideoSize.describe(generation.aspectRatio(), generation.resolution()),
        status == VideoStatus.FAILED ? error(generation) : null,
        null);
  }

  private static int progress(GenerationRecord generation, VideoStatus status) {
    return switch (status) {
      case QUEUED -> 0;
      case COMPLETED -> 100;
      // a failure keeps how far it got
      case IN_PROGRESS, FAILED -> Math.max(0, Math.min(99, generation.progress()));
    };
  }

  /** The reason a failed, canceled or refused generation ended, in lower-case snake codes. */
  private static Video.VideoError error(GenerationRecord generation) {
    if (generation.status() == GenerationStatus.CANCELED) {
      return new Video.VideoError(
          "canceled", generation.errorMessage() == null ? "the video was canceled" : "canceled: " + generation.errorMessage());
    }
    String code = generation.errorCode() == null ? "generation_failed" : generation.errorCode().toLowerCase(Locale.ROOT);
    String message = generation.errorMessage() == null ? "the video could not be generated" : generation.errorMessage();
    return new Video.VideoError(code, message);
  }

  private static Long seconds(Instant at) {
    return at == null ? null : at.getEpochSecond();
  }
}
