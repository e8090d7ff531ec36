package io.reelay.emulators.videogenapi;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/**
 * The emulator's generations and throttled prompts (db/emulators/V1). Native throughout: a
 * generation's age and the rate-limit window are measured by the database clock.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface VideoGenApiJobRepository extends GenericRepository<VideoGenApiJob, String> {

  String JOB =
      "id, request_id, model, type, prompt, duration_seconds, resolution, aspect_ratio, width,"
          + " height, seed, camera_fixed, add_audio, audio_prompt, image_count, image_bytes,"
          + " delay_ms AS delay_millis, outcome, url_ttl_ms AS url_ttl_millis, server_errors_left,"
          + " CAST(EXTRACT(EPOCH FROM created_at) * 1000 AS bigint) AS created_at_millis,"
          + " CAST(EXTRACT(EPOCH FROM (clock_timestamp() - created_at)) * 1000 AS bigint) AS elapsed_millis";

  /** A model's generations in the last hour, the oldest of them, and the database's now. */
  @Introspected
  record HourWindow(long used, long oldestMillis, long nowMillis) {}

  // native: a transaction-scoped advisory lock (answers void, hence the count around it)
  @Query("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:lockKey))) AS locked")
  long lock(String lockKey);

  @Query(
      "SELECT count(*) AS used,"
          + " COALESCE(CAST(EXTRACT(EPOCH FROM min(created_at)) * 1000 AS bigint), 0) AS oldest_millis,"
          + " CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint) AS now_millis"
          + " FROM videogenapi_emulator_jobs"
          + " WHERE model = :model AND created_at > clock_timestamp() - interval '1 hour'")
  HourWindow lastHour(String model);

  // native: created_at from the database clock, the same clock the window and ages are read by;
  // the job's properties bound by name
  @Query(
      "INSERT INTO videogenapi_emulator_jobs (id, request_id, model, type, prompt,"
          + " duration_seconds, resolution, aspect_ratio, width, height, seed, camera_fixed,"
          + " add_audio, audio_prompt, image_count, image_bytes, delay_ms, outcome, url_ttl_ms,"
          + " server_errors_left, created_at) VALUES (:id, CAST(:requestId AS uuid), :model, :type,"
          + " :prompt, :durationSeconds, :resolution, :aspectRatio, :width, :height, :seed,"
          + " :cameraFixed, :addAudio, :audioPrompt, :imageCount, :imageBytes, :delayMillis,"
          + " :outcome, :urlTtlMillis, :serverErrorsLeft, clock_timestamp())")
  int insert(VideoGenApiJob job);

  @Query("SELECT " + JOB + " FROM videogenapi_emulator_jobs WHERE id = :id")
  Optional<VideoGenApiJob> find(String id);

  @Query(
      "UPDATE videogenapi_emulator_jobs SET server_errors_left = server_errors_left - 1"
          + " WHERE id = :id AND server_errors_left > 0")
  int takeServerError(String id);

  // native: ON CONFLICT, a prompt's refusals are set by its first submission only
  @Query(
      "INSERT INTO videogenapi_emulator_throttles (prompt_sha256, refusals_left)"
          + " VALUES (:promptSha256, :refusals) ON CONFLICT (prompt_sha256) DO NOTHING")
  int throttleIfAbsent(String promptSha256, int refusals);

  @Query(
      "UPDATE videogenapi_emulator_throttles SET refusals_left = refusals_left - 1"
          + " WHERE prompt_sha256 = :promptSha256 AND refusals_left > 0")
  int takeRefusal(String promptSha256);

  @Query(
      "SELECT count(*) FROM videogenapi_emulator_jobs"
          + " WHERE created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")
  long monthUsage();

  @Query("SELECT count(*) FROM videogenapi_emulator_jobs")
  long countJobs();

  @Query(
      "SELECT " + JOB + " FROM videogenapi_emulator_jobs ORDER BY created_at DESC, id DESC"
          + " LIMIT :limit OFFSET :offset")
  List<VideoGenApiJob> page(int limit, long offset);
}
