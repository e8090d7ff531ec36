package io.reelay.activities.providers.simulator;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The simulator's injected faults in PostgreSQL ({@code V24__sim_chaos.sql}): extra callbacks,
 * claimed with a lease like the job's own callback, and the error bursts with their 5xx count.
 */
@Singleton
public class SimChaosStore {

  /** An extra callback that is due, with where to send it. */
  @Introspected
  public record DueCallback(long id, String jobId, String kind, String status, @Nullable String callbackUrl) {}

  private final SimJobRepository jobs;

  public SimChaosStore(SimJobRepository jobs) {
    this.jobs = jobs;
  }

  @Transactional
  public void schedule(String jobId, List<SimChaos.ExtraCallback> extras) {
    for (SimChaos.ExtraCallback extra : extras) {
      jobs.scheduleExtra(jobId, extra.kind(), extra.status(), extra.delayMillis() / 1000.0);
    }
  }

  /** Claims due extra callbacks, pushing their due time on so a crash only delays them. */
  @Transactional
  public List<DueCallback> claimDue(int limit, int leaseSeconds) {
    List<Long> claimed = jobs.claimDueExtras(limit, leaseSeconds);
    return claimed.isEmpty() ? List.of() : jobs.extras(claimed);
  }

  /** Records an attempt's answer ({@code 0}: no answer): done on a 2xx, else retried soon. */
  @Transactional
  public void attempted(long id, int httpStatus, int maxAttempts) {
    jobs.extraAttempted(id, httpStatus == 0 ? null : httpStatus, httpStatus / 100 == 2, maxAttempts);
  }

  /** Counts one 5xx answered in the burst that began at {@code windowStartEpochSecond}. */
  @Transactional
  public void countBurstError(long windowStartEpochSecond) {
    jobs.countBurstError(windowStartEpochSecond);
  }
}
