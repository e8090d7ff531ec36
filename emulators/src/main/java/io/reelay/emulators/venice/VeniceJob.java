package io.reelay.emulators.venice;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.reelay.activities.providers.simulator.SimVideoRenderer;

/**
 * A job the emulator queued, as stored in {@code venice_emulator_jobs}. Its status is derived
 * from the time since it was queued (measured by PostgreSQL's clock), so nothing ticks in the
 * background.
 *
 * @param owner         SHA-256 (hex) of the API key that queued it
 * @param imageType     the detected type of the input image, or null for text-to-video
 * @param elapsedMillis time since the job was queued, when it was read
 *     ({@code deleted} and {@code elapsedMillis} are not columns: {@link VeniceJobRepository}'s
 *     queries compute them)
 */
@MappedEntity("venice_emulator_jobs")
record VeniceJob(
    @Id String queueId,
    String owner,
    String model,
    String prompt,
    @Nullable String negativePrompt,
    int durationSeconds,
    String resolution,
    String aspectRatio,
    boolean audio,
    long seed,
    @Nullable String imageType,
    @Nullable Integer imageBytes,
    @Nullable String imageSource,
    long delayMillis,
    String outcome,
    int serverErrorsLeft,
    long paddingBytes,
    boolean deleted,
    long elapsedMillis) {

  static final String COMPLETE = "complete";
  static final String FAIL = "fail";
  static final String NEVER = "never";

  /** Where the job is: queued, processing (with the times retrieve reports), failed or done. */
  record Status(String status, long executionMillis, long estimatedMillis) {}

  Status status() {
    // queued for the first tenth of the delay, like a real queue in front of the GPUs
    long queuedMillis = delayMillis / 10;
    if (elapsedMillis < queuedMillis) {
      return new Status("queued", 0, delayMillis - queuedMillis);
    }
    long executing = elapsedMillis - queuedMillis;
    if (outcome.equals(NEVER)) {
      // the estimate keeps slipping: always a little ahead of what has been spent
      return new Status("processing", executing, Math.max(delayMillis - queuedMillis, executing + 1000));
    }
    if (elapsedMillis < delayMillis) {
      return new Status("processing", executing, delayMillis - queuedMillis);
    }
    return new Status(outcome.equals(FAIL) ? "failed" : "done", executing, delayMillis - queuedMillis);
  }

  SimVideoRenderer.RenderSpec renderSpec() {
    int[] size = SimVideoRenderer.dimensions(aspectRatio, resolution);
    return new SimVideoRenderer.RenderSpec(size[0], size[1], durationSeconds, seed);
  }
}
