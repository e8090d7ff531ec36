package io.reelay.app.generations;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.reelay.activities.RecentReading;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/**
 * Load shedding at the door. Admission itself no longer waits for the pipeline, so a burst would
 * otherwise pile admitted generations up without bound; past {@code reelay.admission.max-pending}
 * generations admitted but not yet submitted to a provider, a create is refused at once with 503
 * OVERLOADED and Retry-After, before anything is started or reserved.
 *
 * <p>The count is read from PostgreSQL, so it is the same on every instance, at most once per
 * {@link #READ_EVERY}: a burst can pass the bound by what arrives in that time.
 */
@Singleton
public class AdmissionBacklog {

  static final Duration READ_EVERY = Duration.ofMillis(100);

  private final RecentReading<Long> pending;
  private final long maxPending;
  private final long retryAfterSeconds;

  public AdmissionBacklog(
      GenerationStore generations,
      @Value("${reelay.admission.max-pending:1000}") long maxPending,
      @Value("${reelay.admission.retry-after:5s}") Duration retryAfter) {
    if (maxPending < 0) {
      throw new IllegalArgumentException("reelay.admission.max-pending must be 0 (no bound) or more, not " + maxPending);
    }
    if (retryAfter.toSeconds() < 1) {
      throw new IllegalArgumentException("reelay.admission.retry-after must be at least 1s, not " + retryAfter);
    }
    this.pending = new RecentReading<>(generations::countPending, READ_EVERY);
    this.maxPending = maxPending;
    this.retryAfterSeconds = retryAfter.toSeconds();
  }

  /** Throws 503 OVERLOADED (with Retry-After) while the backlog is at its bound. */
  public void refuseIfFull() {
    if (maxPending == 0) {
      return;
    }
    long pending = pending();
    if (pending >= maxPending) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "OVERLOADED",
          pending + " generations are waiting to be submitted (the bound is " + maxPending
              + "); nothing was started or charged. Retry in " + retryAfterSeconds + " s",
          null,
          Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
  }

  /**
   * Generations admitted and not yet submitted to a provider, on every instance (read at most
   * once per {@link #READ_EVERY}).
   */
  public long pending() {
    return pending.value();
  }
}
