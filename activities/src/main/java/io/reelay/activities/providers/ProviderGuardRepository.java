package io.reelay.activities.providers;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The provider guard's tables: calls in the last minute, jobs running upstream and circuits.
 * Native throughout: every decision is timed by the database's clock (clock_timestamp()), so
 * that all workers share one clock, and taken under an advisory lock.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ProviderGuardRepository
    extends GenericRepository<ProviderGuardRepository.ProviderCircuit, String> {

  /** A provider's circuit breaker. */
  @MappedEntity("provider_circuits")
  record ProviderCircuit(
      @Id String provider,
      int consecutiveFailures,
      @Nullable Instant openUntil,
      @Nullable String lastError) {}

  /** A provider's calls of one kind in the last minute. */
  @Introspected
  record Window(long calls, @Nullable Double secondsUntilRoom) {}

  // native: serializes the decisions about one provider across all workers, for this transaction
  @Query("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:key))")
  Integer lock(String key);

  @Query(
      "SELECT EXTRACT(EPOCH FROM (open_until - clock_timestamp())) FROM provider_circuits"
          + " WHERE provider = :provider AND open_until > clock_timestamp()")
  Optional<Double> secondsCircuitStaysOpen(String provider);

  // native: each circuit's state as the metrics show it (open; half_open: its open time has passed
  // and the next submission is the probe; closed), "provider state" per row
  @Query(
      "SELECT provider || ' ' || CASE WHEN open_until > clock_timestamp() THEN 'open'"
          + " WHEN open_until IS NOT NULL THEN 'half_open' ELSE 'closed' END FROM provider_circuits")
  List<String> circuitStates();

  @Query(
      "UPDATE provider_circuits SET open_until = clock_timestamp() + make_interval(secs => :openForSeconds)"
          + " WHERE provider = :provider AND open_until IS NOT NULL AND open_until <= clock_timestamp()")
  int claimProbe(String provider, double openForSeconds);

  @Query(
      "UPDATE provider_circuits SET consecutive_failures = 0, open_until = NULL,"
          + " updated_at = clock_timestamp()"
          + " WHERE provider = :provider AND (consecutive_failures > 0 OR open_until IS NOT NULL)")
  int close(String provider);

  // native: an upsert that answers the failure count it left
  @Query(
      "INSERT INTO provider_circuits AS c (provider, consecutive_failures, last_error)"
          + " VALUES (:provider, 1, :error)"
          + " ON CONFLICT (provider) DO UPDATE SET"
          + " consecutive_failures = c.consecutive_failures + 1,"
          + " last_error = EXCLUDED.last_error, updated_at = clock_timestamp()"
          + " RETURNING consecutive_failures")
  List<Integer> countFailure(String provider, String error);

  // Open for a random half to all of openFor: at a fixed openFor the probes fall into step with
  // trouble that recurs at that period (a 5xx burst every 30 s met every probe and held all
  // submissions until their deadline), and with each other's after a shared outage.
  @Query(
      "UPDATE provider_circuits SET open_until = clock_timestamp()"
          + " + make_interval(secs => :openForSeconds * (0.5 + random() / 2)) WHERE provider = :provider")
  int open(String provider, double openForSeconds);

  @Query("DELETE FROM provider_jobs_in_flight WHERE generation_id = :generationId AND provider <> :provider")
  int forgetJobElsewhere(String generationId, String provider);

  @Query("DELETE FROM provider_jobs_in_flight WHERE generation_id = :generationId")
  int forgetJob(String generationId);

  @Query("SELECT count(*) FROM provider_jobs_in_flight WHERE generation_id = :generationId")
  long countJob(String generationId);

  @Query(
      "SELECT count(*) FROM provider_jobs_in_flight WHERE provider = :provider"
          + " AND since > clock_timestamp() - make_interval(secs => :leaseSeconds)")
  long countRunning(String provider, double leaseSeconds);

  @Query(
      "INSERT INTO provider_jobs_in_flight (generation_id, provider) VALUES (:generationId, :provider)"
          + " ON CONFLICT (generation_id) DO UPDATE SET since = clock_timestamp()")
  int jobStarted(String generationId, String provider);

  @Query(
      "DELETE FROM provider_calls WHERE provider = :provider AND kind = :kind"
          + " AND at <= clock_timestamp() - interval '60 seconds'")
  int forgetOldCalls(String provider, String kind);

  @Query(
      "SELECT count(*) AS calls,"
          + " EXTRACT(EPOCH FROM (min(at) + interval '60 seconds' - clock_timestamp())) AS seconds_until_room"
          + " FROM provider_calls WHERE provider = :provider AND kind = :kind")
  Window window(String provider, String kind);

  @Query("INSERT INTO provider_calls (provider, kind) VALUES (:provider, :kind)")
  int countCall(String provider, String kind);
}
