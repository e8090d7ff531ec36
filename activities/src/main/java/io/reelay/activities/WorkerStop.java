package io.reelay.activities;

import jakarta.inject.Singleton;

/**
 * Set when this process's worker is stopping and its grace period is over. A long-running activity
 * checks it between steps and gives up its attempt, which Temporal then retries on another worker
 * at once. An interrupt alone is not enough: some blocking reads (the JDK 17 HTTP client's body
 * stream) swallow it.
 */
@Singleton
public final class WorkerStop {

  private volatile boolean requested;

  public void request() {
    requested = true;
  }

  public boolean requested() {
    return requested;
  }
}
