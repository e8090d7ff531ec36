package io.reelay.emulators.videogenapi;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.reelay.activities.providers.simulator.SimVideoRenderer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A generation the emulator accepted, as stored in PostgreSQL. Its status is not stored but
 * derived from its age as measured by the database clock, so every app instance (and a restarted
 * one) agrees on it without background work.
 *
 * @param imageCount images fetched from image_url and reference_image_urls
 * @param imageBytes their total size
 * @param urlTtlMillis how long a handed-out video_url keeps working
 * @param createdAtMillis epoch millis of acceptance
 * @param elapsedMillis time since acceptance when the row was read
 *     ({@code createdAtMillis} and {@code elapsedMillis} are not columns: {@link
 *     VideoGenApiJobRepository}'s queries compute them)
 */
@MappedEntity("videogenapi_emulator_jobs")
record VideoGenApiJob(
    @Id String id,
    String requestId,
    String model,
    String type,
    String prompt,
    int durationSeconds,
    String resolution,
    String aspectRatio,
    int width,
    int height,
    long seed,
    boolean cameraFixed,
    boolean addAudio,
    @Nullable String audioPrompt,
    int imageCount,
    long imageBytes,
    long delayMillis,
    String outcome,
    long urlTtlMillis,
    int serverErrorsLeft,
    long createdAtMillis,
    long elapsedMillis) {

  static final String COMPLETE = "complete";
  static final String FAIL = "fail";
  static final String NEVER = "never";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * The wire status: pending for the first tenth of the delay, in_queue until a quarter, then
   * in_progress until the delay has passed (forever for "never"), then completed or failed.
   */
  String status() {
    if (elapsedMillis < delayMillis / 10) {
      return "pending";
    }
    if (elapsedMillis < delayMillis / 4) {
      return "in_queue";
    }
    if (outcome.equals(NEVER) || elapsedMillis < delayMillis) {
      return "in_progress";
    }
    return outcome.equals(FAIL) ? "failed" : "completed";
  }

  /** "2025-01-04 00:08:42" (UTC), the documentation's format. */
  String completedAt() {
    return timestamp(createdAtMillis + delayMillis);
  }

  static String timestamp(long epochMillis) {
    return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  SimVideoRenderer.RenderSpec renderSpec() {
    return new SimVideoRenderer.RenderSpec(width, height, durationSeconds, seed);
  }
}
