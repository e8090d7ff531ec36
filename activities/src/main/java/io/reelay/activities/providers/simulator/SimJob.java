package io.reelay.activities.providers.simulator;

/**
 * A job of the simulated provider, with the time since it was accepted as measured by the
 * database clock (so every instance agrees on its state).
 */
public record SimJob(
    String id,
    String clientReference,
    String model,
    String prompt,
    int durationSeconds,
    int width,
    int height,
    long seed,
    long delayMillis,
    String outcome,
    String callbackUrl,
    boolean canceled,
    long elapsedMillis) {

  public SimVideoRenderer.RenderSpec renderSpec() {
    return new SimVideoRenderer.RenderSpec(width, height, durationSeconds, seed);
  }
}
