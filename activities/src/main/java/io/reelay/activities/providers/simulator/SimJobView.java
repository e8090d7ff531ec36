package io.reelay.activities.providers.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A simulated job as the simulator answers it: {@code video_url} only once it succeeded, {@code
 * error} only once it failed (absent fields are left out, as a provider would).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SimJobView(String id, String status, int progress, String videoUrl, Error error) {

  /** Why a job failed. */
  @Serdeable
  record Error(String code, String message) {}

  static SimJobView of(SimJob job, SimState state) {
    boolean succeeded = state.status().equals("succeeded");
    boolean failed = state.status().equals("failed");
    return new SimJobView(
        job.id(),
        state.status(),
        state.progress(),
        succeeded ? "/sim/v1/jobs/" + job.id() + "/video" : null,
        failed ? new Error("generation_failed", "the simulated provider was told to fail") : null);
  }
}
