package io.reelay.activities.providers.simulator;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** The simulated provider's jobs, in PostgreSQL so they outlive the process that serves them. */
@Singleton
public class SimJobStore {

  private final SimJobRepository jobs;

  public SimJobStore(SimJobRepository jobs) {
    this.jobs = jobs;
  }

  /** Inserts the job unless one with the same client reference exists; answers the stored job. */
  @Transactional
  public SimJob insertOrGet(SimJob job) {
    boolean callsBack = job.callbackUrl() != null && !job.outcome().equals("never");
    jobs.insertIfAbsent(
        job.id(),
        job.clientReference(),
        job.model(),
        job.prompt(),
        job.durationSeconds(),
        job.width(),
        job.height(),
        job.seed(),
        job.delayMillis(),
        job.outcome(),
        job.callbackUrl(),
        callsBack ? "pending" : "none",
        job.delayMillis() / 1000.0);
    return jobs.findByClientReference(job.clientReference()).orElseThrow();
  }

  @Transactional(readOnly = true)
  public Optional<SimJob> find(String id) {
    return jobs.find(id);
  }

  /** Marks the job canceled; answers false when it does not exist. */
  @Transactional
  public boolean cancel(String id) {
    return jobs.cancel(id) == 1;
  }

  /**
   * Claims jobs whose callback is due, pushing their due time forward so that a crash while
   * sending leads to a later retry rather than a lost callback.
   */
  @Transactional
  public List<SimJob> claimDueCallbacks(int limit, int leaseSeconds) {
    return jobs.claimDueCallbacks(limit, leaseSeconds);
  }

  @Transactional
  public void callbackSent(String id) {
    jobs.callbackSent(id);
  }

  /** Schedules another try, or gives up after {@code maxAttempts}. */
  @Transactional
  public void callbackFailed(String id, int retryInSeconds, int maxAttempts) {
    jobs.callbackFailed(id, retryInSeconds, maxAttempts);
  }

  /** Checks again shortly: the job was due but its video is still rendering. */
  @Transactional
  public void callbackNotReady(String id) {
    jobs.callbackNotReady(id);
  }
}
