package io.reelay.emulators.vinci;

import io.reelay.activities.providers.simulator.SimVideoRenderer;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A text-to-video request accepted by the emulator. Its state is not stored but derived from the
 * time since it was accepted, so a job needs no background ticking and no locking.
 *
 * @param serverErrorsLeft status polls that still answer 500 (the only mutable part)
 * @param downloadToken the unguessable part of the video URL, disclosed once the job completes
 * @param inputImageBytes size of the uploaded image of an image-to-video job, 0 for text
 */
record VinciJob(
    String requestId,
    String prompt,
    int durationSeconds,
    String aspectRatio,
    long seed,
    long createdAtMillis,
    long delayMillis,
    Outcome outcome,
    long urlTtlMillis,
    String downloadToken,
    AtomicInteger serverErrorsLeft,
    int inputImageBytes) {

  /** How the job ends once its delay has passed. */
  enum Outcome {
    COMPLETE,
    FAIL,
    NEVER_FINISH
  }

  /** The wire status and, while processing, the progress percentage. */
  record State(String status, int progress) {}

  // Vinci has no resolution parameter; what it delivers looks like 720p.
  private static final String RESOLUTION = "720p";
  private static final BigDecimal USD_PER_SECOND = new BigDecimal("0.05");

  State stateAt(long nowMillis) {
    long elapsed = nowMillis - createdAtMillis;
    // Queued for the first tenth of the delay, like a real queue in front of the GPUs.
    long pendingMillis = delayMillis / 10;
    if (elapsed < pendingMillis) {
      return new State("pending", 0);
    }
    if (outcome == Outcome.NEVER_FINISH || elapsed < delayMillis) {
      long workMillis = delayMillis - pendingMillis;
      long percent = workMillis <= 0 ? 99 : (elapsed - pendingMillis) * 100 / workMillis;
      // never 100 while processing: 100 would promise a result that is not there yet
      return new State("processing", (int) Math.max(1, Math.min(99, percent)));
    }
    return new State(outcome == Outcome.FAIL ? "failed" : "completed", 100);
  }

  long completedAtMillis() {
    return createdAtMillis + delayMillis;
  }

  boolean urlExpiredAt(long nowMillis) {
    return nowMillis >= completedAtMillis() + urlTtlMillis;
  }

  BigDecimal costUsd() {
    return costUsd(durationSeconds);
  }

  static BigDecimal costUsd(int seconds) {
    return USD_PER_SECOND.multiply(BigDecimal.valueOf(seconds));
  }

  SimVideoRenderer.RenderSpec renderSpec() {
    int[] size = SimVideoRenderer.dimensions(aspectRatio, RESOLUTION);
    return new SimVideoRenderer.RenderSpec(size[0], size[1], durationSeconds, seed);
  }
}
