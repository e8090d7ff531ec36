package io.reelay.activities.providers.simulator;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * A job of the simulated provider, with the time since it was accepted as measured by the
 * database clock (so every instance agrees on its state). {@code canceled} and
 * {@code elapsedMillis} are not columns: {@link SimJobRepository}'s queries compute them.
 */
@MappedEntity("sim_jobs")
public record SimJob(
    @Id String id,
    String clientReference,
    String model,
    String prompt,
    int durationSeconds,
    int width,
    int height,
    long seed,
    long delayMillis,
    String outcome,
    @Nullable String callbackUrl,
    boolean canceled,
    long elapsedMillis) {

  public SimVideoRenderer.RenderSpec renderSpec() {
    return new SimVideoRenderer.RenderSpec(width, height, durationSeconds, seed);
  }
}
