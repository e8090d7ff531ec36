package io.reelay.activities.providers;

import io.micronaut.context.env.Environment;
import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
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
  public record Hold(String reason, Duration retryAfter, boolean circuitOpen) {}

  private final TransactionOperations<Connection> tx;
  private final Environment environment;
  private final ConcurrentHashMap<String, ProviderLimits> limits = new ConcurrentHashMap<>();

  public ProviderGuard(TransactionOperations<Connection> tx, Environment environment) {
    this.tx = tx;
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
  public Optional<Hold> clearSubmission(String provider, String generationId) {
    ProviderLimits limit = limits(provider);
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          lock(c, provider);
          Optional<Hold> open = openCircuit(c, provider, limit);
          if (open.isPresent()) {
            return open;
          }
          // a job that failed over from another provider stops counting there
          Sql.update(
              c,
              "DELETE FROM provider_jobs_in_flight WHERE generation_id = ? AND provider <> ?",
              generationId,
              provider);
          if (limit.maxConcurrent() > 0) {
            boolean holdsSlot =
                Sql.one(
                        c,
                        "SELECT 1 FROM provider_jobs_in_flight WHERE generation_id = ?",
                        rs -> 1,
                        generationId)
                    .isPresent();
            if (!holdsSlot) {
              int running =
                  Sql.one(
                          c,
                          "SELECT count(*) FROM provider_jobs_in_flight WHERE provider = ?"
                              + " AND since > clock_timestamp() - make_interval(secs => ?)",
                          rs -> rs.getInt(1),
                          provider,
                          (double) IN_FLIGHT_LEASE.toSeconds())
                      .orElse(0);
              if (running >= limit.maxConcurrent()) {
                return Optional.of(
                    new Hold(
                        provider + " already runs " + running + " jobs (its limit)",
                        Duration.ofSeconds(5),
                        false));
              }
            }
          }
          Optional<Hold> budget = spend(c, provider, "submit", limit.submitPerMinute());
          if (budget.isPresent()) {
            return budget;
          }
          if (limit.maxConcurrent() > 0) {
            Sql.update(
                c,
                "INSERT INTO provider_jobs_in_flight (generation_id, provider) VALUES (?, ?)"
                    + " ON CONFLICT (generation_id) DO UPDATE SET since = clock_timestamp()",
                generationId,
                provider);
          }
          claimProbe(c, provider, limit);
          return Optional.empty();
        });
  }

  /**
   * Counts one status or download call against the provider's budget, or answers when there
   * will be room. Polls get four fifths of the budget; downloads all of it.
   */
  public Optional<Hold> clearStatusCall(String provider, boolean download) {
    ProviderLimits limit = limits(provider);
    int allowed = download ? limit.statusPerMinute() : limit.pollsPerMinute();
    if (allowed <= 0) {
      return Optional.empty();
    }
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          lock(c, provider + "/status");
          return spend(c, provider, "status", allowed);
        });
  }

  /** The generation's job no longer runs upstream (ended, canceled or failed over). */
  public void jobEnded(String generationId) {
    tx.executeWrite(
        status ->
            Sql.update(
                status.getConnection(),
                "DELETE FROM provider_jobs_in_flight WHERE generation_id = ?",
                generationId));
  }

  /** A call that got a good answer closes the circuit. */
  public void succeeded(String provider) {
    tx.executeWrite(
        status ->
            Sql.update(
                status.getConnection(),
                "UPDATE provider_circuits SET consecutive_failures = 0, open_until = NULL,"
                    + " updated_at = clock_timestamp()"
                    + " WHERE provider = ? AND (consecutive_failures > 0 OR open_until IS NOT NULL)",
                provider));
  }

  /** Counts a failure that says the provider is in trouble; enough of them open the circuit. */
  public void failed(String provider, ProviderException error) {
    if (!error.providerTrouble()) {
      return;
    }
    ProviderLimits limit = limits(provider);
    boolean opened =
        tx.executeWrite(
            status ->
                Sql.one(
                        status.getConnection(),
                        "INSERT INTO provider_circuits AS c (provider, consecutive_failures, last_error)"
                            + " VALUES (?, 1, ?)"
                            + " ON CONFLICT (provider) DO UPDATE SET"
                            + " consecutive_failures = c.consecutive_failures + 1,"
                            + " last_error = EXCLUDED.last_error, updated_at = clock_timestamp()"
                            + " RETURNING consecutive_failures",
                        rs -> rs.getInt(1),
                        provider,
                        error.code())
                    .map(
                        failures -> {
                          if (failures < limit.failureThreshold()) {
                            return false;
                          }
                          try {
                            // Open for a random half to all of openFor: at a fixed openFor the
                            // probes fall into step with trouble that recurs at that period (a 5xx
                            // burst every 30 s met every probe and held all submissions until
                            // their deadline), and with each other's after a shared outage.
                            Sql.update(
                                status.getConnection(),
                                "UPDATE provider_circuits SET open_until = clock_timestamp()"
                                    + " + make_interval(secs => ? * (0.5 + random() / 2)) WHERE provider = ?",
                                (double) limit.openFor().toSeconds(),
                                provider);
                          } catch (SQLException e) {
                            throw new IllegalStateException(e);
                          }
                          return failures == limit.failureThreshold();
                        })
                    .orElse(false));
    if (opened) {
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

  private static Optional<Hold> openCircuit(Connection c, String provider, ProviderLimits limit)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT EXTRACT(EPOCH FROM (open_until - clock_timestamp())) FROM provider_circuits"
            + " WHERE provider = ? AND open_until > clock_timestamp()",
        rs -> {
          long millis = (long) Math.ceil(rs.getDouble(1) * 1000);
          return new Hold(
              "the circuit for " + provider + " is open after repeated failures",
              Duration.ofMillis(Math.max(1000, millis)),
              true);
        },
        provider);
  }

  /**
   * When the circuit's open time has passed, this submission is the probe: it pushes the open
   * time out again so no other submission goes until the probe's outcome closes the circuit (or
   * its failure keeps it open).
   */
  private static void claimProbe(Connection c, String provider, ProviderLimits limit)
      throws SQLException {
    Sql.update(
        c,
        "UPDATE provider_circuits SET open_until = clock_timestamp() + make_interval(secs => ?)"
            + " WHERE provider = ? AND open_until IS NOT NULL AND open_until <= clock_timestamp()",
        (double) limit.openFor().toSeconds(),
        provider);
  }

  /** A sliding 60 s window: counts the call if there is room, else says when there will be. */
  private static Optional<Hold> spend(Connection c, String provider, String kind, int perMinute)
      throws SQLException {
    if (perMinute <= 0) {
      return Optional.empty();
    }
    Sql.update(
        c,
        "DELETE FROM provider_calls WHERE provider = ? AND kind = ?"
            + " AND at <= clock_timestamp() - interval '60 seconds'",
        provider,
        kind);
    record Window(int calls, double secondsUntilRoom) {}
    Window window =
        Sql.one(
                c,
                "SELECT count(*), EXTRACT(EPOCH FROM (min(at) + interval '60 seconds' - clock_timestamp()))"
                    + " FROM provider_calls WHERE provider = ? AND kind = ?",
                rs -> new Window(rs.getInt(1), rs.getDouble(2)),
                provider,
                kind)
            .orElseThrow();
    if (window.calls() >= perMinute) {
      return Optional.of(
          new Hold(
              provider + " " + kind + " budget of " + perMinute + " calls a minute is spent",
              Duration.ofMillis(Math.max(250, (long) Math.ceil(window.secondsUntilRoom() * 1000))),
              false));
    }
    Sql.update(c, "INSERT INTO provider_calls (provider, kind) VALUES (?, ?)", provider, kind);
    return Optional.empty();
  }

  /** Serializes the decisions about one provider across all workers, for this transaction. */
  private static void lock(Connection c, String key) throws SQLException {
    Sql.one(c, "SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 1, "provider-guard/" + key);
  }
}
