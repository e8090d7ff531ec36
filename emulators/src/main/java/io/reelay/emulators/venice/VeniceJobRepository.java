package io.reelay.emulators.venice;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/**
 * The Venice emulator's jobs (db/emulators/V2). Native throughout: a job's age is measured by the
 * database clock, and its counters are conditional updates.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface VeniceJobRepository extends GenericRepository<VeniceJob, String> {

  String JOB =
      "queue_id, owner, model, prompt, negative_prompt, duration_seconds, resolution,"
          + " aspect_ratio, audio, seed, image_type, image_bytes, image_source,"
          + " delay_ms AS delay_millis, outcome, server_errors_left, padding_bytes,"
          + " deleted_at IS NOT NULL AS deleted,"
          + " CAST(EXTRACT(EPOCH FROM (clock_timestamp() - created_at)) * 1000 AS bigint) AS elapsed_millis";

  // the job's properties bound by name
  @Query(
      "INSERT INTO venice_emulator_jobs (queue_id, owner, model, prompt, negative_prompt,"
          + " duration_seconds, resolution, aspect_ratio, audio, seed, image_type, image_bytes,"
          + " image_source, delay_ms, outcome, server_errors_left, padding_bytes) VALUES"
          + " (:queueId, :owner, :model, :prompt, :negativePrompt, :durationSeconds, :resolution,"
          + " :aspectRatio, :audio, :seed, :imageType, :imageBytes, :imageSource, :delayMillis,"
          + " :outcome, :serverErrorsLeft, :paddingBytes)")
  int insert(VeniceJob job);

  // native: reads the job and counts the retrieve in one statement; a List, as Micronaut Data
  // answers null rather than empty for an UPDATE ... RETURNING into an Optional
  @Query("UPDATE venice_emulator_jobs SET retrieves = retrieves + 1 WHERE queue_id = :queueId RETURNING " + JOB)
  List<VeniceJob> retrieved(String queueId);

  @Query("SELECT " + JOB + " FROM venice_emulator_jobs WHERE queue_id = :queueId")
  Optional<VeniceJob> find(String queueId);

  @Query(
      "UPDATE venice_emulator_jobs SET server_errors_left = server_errors_left - 1"
          + " WHERE queue_id = :queueId AND server_errors_left > 0")
  int takeServerError(String queueId);

  // native: deleted_at set once, by the database clock
  @Query(
      "UPDATE venice_emulator_jobs SET deleted_at = now() WHERE queue_id = :queueId AND deleted_at IS NULL")
  int delete(String queueId);

  @Query(
      "UPDATE venice_emulator_jobs SET video_sends = video_sends + 1,"
          + " video_bytes_sent = video_bytes_sent + :bytes WHERE queue_id = :queueId")
  int videoSent(String queueId, long bytes);
}
