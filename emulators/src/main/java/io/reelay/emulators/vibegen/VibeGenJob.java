package io.reelay.emulators.vibegen;

import io.micronaut.core.annotation.Nullable;
import io.reelay.activities.providers.simulator.SimVideoRenderer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generation task accepted by the emulator. Its status is not stored but derived from the time
 * since it was accepted, so a task needs no background ticking and no locking (the callback sender
 * only schedules its deliveries for the instants this record already determines).
 *
 * @param host the Host the task was submitted to: the callback's {@code video_url} points there
 * @param delayMillis how long the task takes to complete (or fail), unless the timeout is shorter
 * @param timeoutMillis VibeGen's generation timeout: a task still unfinished by then fails
 * @param downloadToken the unguessable part of the video URL
 * @param serverErrorsLeft task polls that still answer 500 (the only mutable part)
 */
record VibeGenJob(
    String id,
    String model,
    String taskType,
    String prompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    boolean generateAudio,
    List<String> imageUrls,
    @Nullable String callbackUrl,
    String host,
    long createdAtMillis,
    long delayMillis,
    Outcome outcome,
    long timeoutMillis,
    long urlTtlMillis,
    String downloadToken,
    AtomicInteger serverErrorsLeft) {

  /** How the task ends once its delay has passed. */
  enum Outcome {
    COMPLETE,
    FAIL,
    NEVER_FINISH
  }

  static final String FAILURE_MESSAGE = "Content policy violation";
  // H.264 level 4.0 (all the renderer promises): at most 8192 16x16 macroblocks a frame.
  private static final int MAX_MACROBLOCKS = 8192;
  private static final int CAPPED_LONG_SIDE = 1920;

  /** Milliseconds after creation at which the task leaves "pending" for "processing". */
  long processingAfterMillis() {
    // Queued for the first tenth of the run, like a real queue in front of the GPUs.
    return Math.min(delayMillis, timeoutMillis) / 10;
  }

  /** Milliseconds after creation at which the task is completed or failed. */
  long settlesAfterMillis() {
    return outcome == Outcome.NEVER_FINISH ? timeoutMillis : Math.min(delayMillis, timeoutMillis);
  }

  long settledAtMillis() {
    return createdAtMillis + settlesAfterMillis();
  }

  boolean timesOut() {
    return outcome == Outcome.NEVER_FINISH || delayMillis > timeoutMillis;
  }

  /** The status once settled: "completed" or "failed". */
  String finalStatus() {
    return outcome == Outcome.COMPLETE && !timesOut() ? "completed" : "failed";
  }

  String errorMessage() {
    return timesOut()
        ? "Video generation timed out after " + (timeoutMillis / 1000) + " seconds"
        : FAILURE_MESSAGE;
  }

  /** The wire status: pending, processing, completed or failed. */
  String statusAt(long nowMillis) {
    long elapsed = nowMillis - createdAtMillis;
    if (elapsed >= settlesAfterMillis()) {
      return finalStatus();
    }
    return elapsed < processingAfterMillis() ? "pending" : "processing";
  }

  boolean completedAt(long nowMillis) {
    return statusAt(nowMillis).equals("completed");
  }

  boolean urlExpiredAt(long nowMillis) {
    return nowMillis >= settledAtMillis() + urlTtlMillis;
  }

  String createdAt() {
    return timestamp(createdAtMillis);
  }

  String settledAt() {
    return timestamp(settledAtMillis());
  }

  /** ISO-8601 UTC to the second, as in the documentation's examples ("2025-03-10T10:00:00Z"). */
  static String timestamp(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Seedance 2.0 credits for a task, by the documentation's pricing table. */
  static int credits(String resolution, int durationSeconds, boolean audio) {
    int fiveSeconds =
        switch (resolution) {
          case "1080p" -> audio ? 90 : 50;
          case "720p" -> audio ? 43 : 30;
          default -> audio ? 20 : 15;
        };
    if (durationSeconds <= 5) {
      return fiveSeconds;
    }
    return switch (resolution) {
      case "1080p" -> audio ? 180 : 100;
      case "720p" -> audio ? 86 : 45;
      default -> audio ? 40 : 25;
    };
  }

  SimVideoRenderer.RenderSpec renderSpec() {
    int[] size = dimensions(aspectRatio, resolution);
    // reproducible: the same prompt always renders the same clip
    return new SimVideoRenderer.RenderSpec(size[0], size[1], durationSeconds, prompt.hashCode() & 0xffffffffL);
  }

  /**
   * Frame size: the short side is the resolution's (480, 720, 1080), the long side follows the
   * aspect ratio, rounded to an even number (854x480, 1280x720, 1920x1080 for 16:9; 640x480 for
   * 4:3; 1120x480 for 21:9). "adaptive" and "keep_ratio" render 16:9, as the emulator does not
   * look at reference images. Frames beyond H.264 level 4.0 (only 21:9 and 9:21 at 1080p) are
   * scaled down to a long side of 1920 (1920x822).
   *
   * @return {width, height}
   */
  static int[] dimensions(String aspectRatio, String resolution) {
    int shortSide =
        switch (resolution) {
          case "720p" -> 720;
          case "1080p" -> 1080;
          default -> 480;
        };
    int[] ratio =
        switch (aspectRatio) {
          case "9:16" -> new int[] {9, 16};
          case "1:1" -> new int[] {1, 1};
          case "21:9" -> new int[] {21, 9};
          case "9:21" -> new int[] {9, 21};
          case "4:3" -> new int[] {4, 3};
          case "3:4" -> new int[] {3, 4};
          default -> new int[] {16, 9}; // 16:9, adaptive, keep_ratio
        };
    int small = Math.min(ratio[0], ratio[1]);
    int large = Math.max(ratio[0], ratio[1]);
    int longSide = even(shortSide * (double) large / small);
    if (((longSide + 15) / 16) * ((shortSide + 15) / 16) > MAX_MACROBLOCKS) {
      shortSide = even(CAPPED_LONG_SIDE * (double) small / large);
      longSide = CAPPED_LONG_SIDE;
    }
    return ratio[0] >= ratio[1] ? new int[] {longSide, shortSide} : new int[] {shortSide, longSide};
  }

  private static int even(double value) {
    return 2 * (int) Math.round(value / 2);
  }
}
