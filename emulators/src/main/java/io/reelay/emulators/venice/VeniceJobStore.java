package io.reelay.emulators.venice;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.reelay.emulators.EmulatorMigrations;
import io.reelay.emulators.EmulatorSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The Venice emulator's jobs in PostgreSQL ({@code venice_emulator_jobs}). */
// made at startup, so the emulator's tables are migrated before anything reads them
@Context
@Requires(property = "reelay.emulators.venice.enabled", value = "true")
class VeniceJobStore {

  private static final String COLUMNS =
      "queue_id, owner, model, prompt, negative_prompt, duration_seconds, resolution,"
          + " aspect_ratio, audio, seed, image_type, image_bytes, image_source, delay_ms, outcome,"
          + " server_errors_left, padding_bytes, deleted_at IS NOT NULL AS deleted,"
          + " (EXTRACT(EPOCH FROM (clock_timestamp() - created_at)) * 1000)::bigint AS elapsed_ms";

  private final TransactionOperations<Connection> tx;

  /** {@code migrations}: the table exists before the first statement. */
  VeniceJobStore(TransactionOperations<Connection> tx, EmulatorMigrations migrations) {
    this.tx = tx;
  }

  void insert(VeniceJob job) {
    tx.executeWrite(
        status ->
            EmulatorSql.update(
                status.getConnection(),
                "INSERT INTO venice_emulator_jobs (queue_id, owner, model, prompt, negative_prompt,"
                    + " duration_seconds, resolution, aspect_ratio, audio, seed, image_type,"
                    + " image_bytes, image_source, delay_ms, outcome, server_errors_left,"
                    + " padding_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                job.queueId(),
                job.owner(),
                job.model(),
                job.prompt(),
                job.negativePrompt(),
                job.durationSeconds(),
                job.resolution(),
                job.aspectRatio(),
                job.audio(),
                job.seed(),
                job.imageType(),
                job.imageBytes(),
                job.imageSource(),
                job.delayMillis(),
                job.outcome(),
                job.serverErrorsLeft(),
                job.paddingBytes()));
  }

  /** Reads the job and counts the retrieve, in one statement. */
  Optional<VeniceJob> retrieved(String queueId) {
    return tx.executeWrite(
        status ->
            EmulatorSql.one(
                status.getConnection(),
                "UPDATE venice_emulator_jobs SET retrieves = retrieves + 1 WHERE queue_id = ?"
                    + " RETURNING " + COLUMNS,
                VeniceJobStore::read,
                queueId));
  }

  Optional<VeniceJob> find(String queueId) {
    return tx.executeRead(
        status ->
            EmulatorSql.one(
                status.getConnection(),
                "SELECT " + COLUMNS + " FROM venice_emulator_jobs WHERE queue_id = ?",
                VeniceJobStore::read,
                queueId));
  }

  /** Uses up one of the job's injected server errors; false when none are left. */
  boolean takeServerError(String queueId) {
    return update(
            "UPDATE venice_emulator_jobs SET server_errors_left = server_errors_left - 1"
                + " WHERE queue_id = ? AND server_errors_left > 0",
            queueId)
        == 1;
  }

  /** Deletes the job's media; false when it was already gone. */
  boolean delete(String queueId) {
    return update(
            "UPDATE venice_emulator_jobs SET deleted_at = now() WHERE queue_id = ? AND deleted_at IS NULL",
            queueId)
        == 1;
  }

  /** Counts one video answer that has ended, and the bytes it sent. */
  void videoSent(String queueId, long bytes) {
    update(
        "UPDATE venice_emulator_jobs SET video_sends = video_sends + 1,"
            + " video_bytes_sent = video_bytes_sent + ? WHERE queue_id = ?",
        bytes,
        queueId);
  }

  private int update(String sql, Object... args) {
    return tx.executeWrite(status -> EmulatorSql.update(status.getConnection(), sql, args));
  }

  private static VeniceJob read(ResultSet rs) throws SQLException {
    return new VeniceJob(
        rs.getString("queue_id"),
        rs.getString("owner"),
        rs.getString("model"),
        rs.getString("prompt"),
        rs.getString("negative_prompt"),
        rs.getInt("duration_seconds"),
        rs.getString("resolution"),
        rs.getString("aspect_ratio"),
        rs.getBoolean("audio"),
        rs.getLong("seed"),
        rs.getString("image_type"),
        (Integer) rs.getObject("image_bytes"),
        rs.getString("image_source"),
        rs.getLong("delay_ms"),
        rs.getString("outcome"),
        rs.getInt("server_errors_left"),
        rs.getLong("padding_bytes"),
        rs.getBoolean("deleted"),
        rs.getLong("elapsed_ms"));
  }
}
