package io.reelay.activities.providers.simulator;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/**
 * The simulator's jobs and injected faults. Native throughout: a job's age is measured by the
 * database clock, and the callback queues are claimed with FOR UPDATE SKIP LOCKED.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SimJobRepository extends GenericRepository<SimJob, String> {

  String JOB =
      "id, client_reference, model, prompt, duration_seconds, width, height, seed,"
          + " delay_ms AS delay_millis, outcome, callback_url, canceled_at IS NOT NULL AS canceled,"
          + " CAST(EXTRACT(EPOCH FROM (now() - created_at)) * 1000 AS bigint) AS elapsed_millis";

  // native: ON CONFLICT, the same client reference twice makes one job
  @Query(
      "INSERT INTO sim_jobs (id, client_reference, model, prompt, duration_seconds,"
          + " width, height, seed, delay_ms, outcome, callback_url, callback_state,"
          + " callback_due_at) VALUES (:id, :clientReference, :model, :prompt, :durationSeconds,"
          + " :width, :height, :seed, :delayMillis, :outcome, :callbackUrl, :callbackState,"
          + " now() + make_interval(secs => :dueInSeconds)) ON CONFLICT (client_reference) DO NOTHING")
  int insertIfAbsent(
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
      @Nullable String callbackUrl,
      String callbackState,
      double dueInSeconds);

  @Query("SELECT " + JOB + " FROM sim_jobs WHERE client_reference = :clientReference")
  Optional<SimJob> findByClientReference(String clientReference);

  @Query("SELECT " + JOB + " FROM sim_jobs WHERE id = :id")
  Optional<SimJob> find(String id);

  @Query("UPDATE sim_jobs SET canceled_at = COALESCE(canceled_at, now()) WHERE id = :id")
  int cancel(String id);

  // native: a queue, claimed with SKIP LOCKED and a lease (the due time pushed on)
  @Query(
      "UPDATE sim_jobs SET callback_due_at = now() + make_interval(secs => :leaseSeconds)"
          + " WHERE id IN (SELECT id FROM sim_jobs WHERE callback_state = 'pending'"
          + " AND callback_due_at <= now() ORDER BY callback_due_at LIMIT :limit"
          + " FOR UPDATE SKIP LOCKED) RETURNING " + JOB)
  List<SimJob> claimDueCallbacks(int limit, int leaseSeconds);

  @Query(
      "UPDATE sim_jobs SET callback_state = 'sent', callback_attempts = callback_attempts + 1"
          + " WHERE id = :id")
  int callbackSent(String id);

  @Query(
      "UPDATE sim_jobs SET callback_attempts = callback_attempts + 1,"
          + " callback_due_at = now() + make_interval(secs => :retryInSeconds),"
          + " callback_state = CASE WHEN callback_attempts + 1 >= :maxAttempts THEN 'gave_up'"
          + " ELSE 'pending' END WHERE id = :id")
  int callbackFailed(String id, int retryInSeconds, int maxAttempts);

  @Query("UPDATE sim_jobs SET callback_due_at = now() + interval '500 milliseconds' WHERE id = :id")
  int callbackNotReady(String id);

  @Query(
      "INSERT INTO sim_chaos_callbacks (job_id, kind, status, due_at)"
          + " VALUES (:jobId, :kind, :status, now() + make_interval(secs => :dueInSeconds))")
  int scheduleExtra(String jobId, String kind, String status, double dueInSeconds);

  // native: a queue, claimed with SKIP LOCKED and a lease (the due time pushed on)
  @Query(
      "UPDATE sim_chaos_callbacks SET due_at = now() + make_interval(secs => :leaseSeconds)"
          + " WHERE id IN (SELECT id FROM sim_chaos_callbacks"
          + " WHERE state = 'pending' AND due_at <= now() ORDER BY due_at LIMIT :limit"
          + " FOR UPDATE SKIP LOCKED) RETURNING id")
  List<Long> claimDueExtras(int limit, int leaseSeconds);

  @Query(
      "SELECT c.id, c.job_id, c.kind, c.status, j.callback_url FROM sim_chaos_callbacks c"
          + " JOIN sim_jobs j ON j.id = c.job_id WHERE c.id IN (:ids) ORDER BY c.due_at")
  List<SimChaosStore.DueCallback> extras(List<Long> ids);

  @Query(
      "UPDATE sim_chaos_callbacks SET attempts = attempts + 1, last_response = :lastResponse,"
          + " due_at = now() + interval '2 seconds',"
          + " state = CASE WHEN :delivered THEN 'sent' WHEN attempts + 1 >= :maxAttempts THEN 'gave_up'"
          + " ELSE 'pending' END WHERE id = :callbackId")
  int extraAttempted(long callbackId, @Nullable Integer lastResponse, boolean delivered, int maxAttempts);

  // native: an upsert counter
  @Query(
      "INSERT INTO sim_chaos_bursts (window_start, errors) VALUES (to_timestamp(:windowStartEpochSecond), 1)"
          + " ON CONFLICT (window_start) DO UPDATE SET errors = sim_chaos_bursts.errors + 1")
  int countBurstError(long windowStartEpochSecond);
}
