package io.reelay.activities.providers;

import io.micronaut.context.env.Environment;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.providers.ProviderGuardRepository.Window;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every worker within each provider's limits ({@link ProviderLimits}): per-minute call
 * budgets, a concurrency budget of jobs running upstream, and a circuit breaker that stops new
 * submissions to a provider that keeps failing. State lives in PostgreSQL and time is the
 * database's clock, so all workers see one budget and one circuit.
 */
@Singleton
public class ProviderGuard {

  private static final Logger log = LoggerFactory.getLogger(ProviderGuard.class);

  /** A job whose worker vanished without ending it stops counting after this long. */
  static final Duration IN_FLIGHT_LEASE = Duration.ofHours(6);

  /** Why a call may not be made now, and when to ask again. */
  public record Hold(String reason, Duration retryAfter, Cause cause) {

    /** Which limit holds the call back (the reason's kind, a metric tag). */
    public enum Cause {
      /** The provider's circuit is open after repeated failures. */
      CIRCUIT,
      /** The provider runs as many of our jobs as it may. */
      CONCURRENCY,
      /** The provider's per-minute call budget is spent. */
      BUDGET;

      public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    public boolean circuitOpen() {
      return cause == Cause.CIRCUIT;
    }
  }

  private final ProviderGuardRepository guard;
  private final Environment environment;
  private final ConcurrentHashMap<String, ProviderLimits> limits = new ConcurrentHashMap<>();

  public ProviderGuard(ProviderGuardRepository guard, Environment environment) {
    this.guard = guard;
    this.environment = environment;
  }

  public ProviderLimits limits(String provider) {
    return limits.computeIfAbsent(provider, p -> ProviderLimits.of(environment, p));
  }

  /**
   * Clears a submission: the circuit is closed (or this is the probe), a concurrency slot is free
   * (and now taken by this generation) and the submit budget has room (one call is counted).
   * Answers the hold when not.
   */
  @Transactional
  public Optional<Hold> clearSubmission(String provider, String generationId) {
    ProviderLimits limit = limits(provider);
    lock(provider);
    Optional<Hold> open = openCircuit(provider);
    if (open.isPresent()) {
      return open;
    }
    // a job that failed over from another provider stops counting there
    guard.forgetJobElsewhere(generationId, provider);
    if (limit.maxConcurrent() > 0 && guard.countJob(generationId) == 0) {
      long running = guard.countRunning(provider, (double) IN_FLIGHT_LEASE.toSeconds());
      if (running >= limit.maxConcurrent()) {
        return Optional.of(
            new Hold(provider + " already runs " + running + " jobs (its limit)", Duration.ofSeconds(5), Hold.Cause.CONCURRENCY));
      }
    }
    Optional<Hold> budget = spend(provider, "submit", limit.submitPerMinute());
    if (budget.isPresent()) {
      return budget;
    }
    if (limit.maxConcurrent() > 0) {
      guard.jobStarted(generationId, provider);
    }
    // When the circuit's open time has passed, this submission is the probe: it pushes the open
    // time out again so no other submission goes until the probe's outcome closes the circuit
    // (or its failure keeps it open).
    guard.claimProbe(provider, (double) limit.openFor().toSeconds());
    return Optional.empty();
  }

  /**
   * Counts one status or download call against the provider's budget, or answers when there
   * will be room. Polls get four fifths of the budget; downloads all of it.
   */
  @Transactional
  public Optional<Hold> clearStatusCall(String provider, boolean download) {
    ProviderLimits limit = limits(provider);
    int allowed = download ? limit.statusPerMinute() : limit.pollsPerMinute();
    if (allowed <= 0) {
      return Optional.empty();
    }
    lock(provider + "/status");
    return spend(provider, "status", allowed);
  }

  /** The generation's job no longer runs upstream (ended, canceled or failed over). */
  @Transactional
  public void jobEnded(String generationId) {
    guard.forgetJob(generationId);
  }

  /** A call that got a good answer closes the circuit. */
  @Transactional
  public void succeeded(String provider) {
    guard.close(provider);
  }

  /** Counts a failure that says the provider is in trouble; enough of them open the circuit. */
  @Transactional
  public void failed(String provider, ProviderException error) {
    if (!error.providerTrouble()) {
      return;
    }
    ProviderLimits limit = limits(provider);
    int failures = guard.countFailure(provider, error.code()).get(0);
    if (failures < limit.failureThreshold()) {
      return;
    }
    guard.open(provider, (double) limit.openFor().toSeconds());
    if (failures == limit.failureThreshold()) {
      log.warn(
          "circuit for {} opened after {} consecutive failures (last: {})",
          provider,
          limit.failureThreshold(),
          error.code());
    }
  }

  /** Runs one provider call, feeding its outcome to the circuit breaker. */
  public <T> T call(String provider, ProviderCall<T> call) throws ProviderException {
    try {
      T result = call.run();
      succeeded(provider);
      return result;
    } catch (ProviderException e) {
      failed(provider, e);
      throw e;
    }
  }

  /** A provider call. */
  @FunctionalInterface
  public interface ProviderCall<T> {
    T run() throws ProviderException;
  }

  private Optional<Hold> openCircuit(String provider) {
    return guard
        .secondsCircuitStaysOpen(provider)
        .map(
            seconds ->
                new Hold(
                    "the circuit for " + provider + " is open after repeated failures",
                    Duration.ofMillis(Math.max(1000, (long) Math.ceil(seconds * 1000))),
                    Hold.Cause.CIRCUIT));
  }

  /** A sliding 60 s window: counts the call if there is room, else says when there will be. */
  private Optional<Hold> spend(String provider, String kind, int perMinute) {
    if (perMinute <= 0) {
      return Optional.empty();
    }
    guard.forgetOldCalls(provider, kind);
    Window window = guard.window(provider, kind);
    if (window.calls() >= perMinute) {
      double secondsUntilRoom = window.secondsUntilRoom() == null ? 0 : window.secondsUntilRoom();
      return Optional.of(
          new Hold(
              provider + " " + kind + " budget of " + perMinute + " calls a minute is spent",
              Duration.ofMillis(Math.max(250, (long) Math.ceil(secondsUntilRoom * 1000))),
              Hold.Cause.BUDGET));
    }
    guard.countCall(provider, kind);
    return Optional.empty();
  }

  /** Serializes the decisions about one provider across all workers, for this transaction. */
  private void lock(String key) {
    guard.lock("provider-guard/" + key);
  }
}
