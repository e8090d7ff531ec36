package io.reelay.emulators.videogenapi;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.reelay.emulators.EmulatorMigrations;
import io.reelay.emulators.EmulatorSql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The emulator's generations and throttled prompts, in PostgreSQL (db/emulators/V1). */
// made at startup, so the emulator's tables are migrated before anything reads them
@Context
@Requires(property = "reelay.emulators.videogenapi.enabled", value = "true")
public class VideoGenApiJobStore {

  static final long HOUR_MILLIS = 3_600_000;

  private static final String COLUMNS =
      "id, request_id, model, type, prompt, duration_seconds, resolution, aspect_ratio, width,"
          + " height, seed, camera_fixed, add_audio, audio_prompt, image_count, image_bytes,"
          + " delay_ms, outcome, url_ttl_ms, server_errors_left,"
          + " (EXTRACT(EPOCH FROM created_at) * 1000)::bigint AS created_ms,"
          + " (EXTRACT(EPOCH FROM (clock_timestamp() - created_at)) * 1000)::bigint AS elapsed_ms";

  /** What a submission came to: accepted (with the month's usage), or over the model's limit. */
  sealed interface Admission {}

  record Accepted(VideoGenApiJob job, long monthUsage) implements Admission {}

  /** The model's hourly limit is used up; it frees up at {@code resetAtMillis}. */
  record OverLimit(long currentUsage, long resetAtMillis, long nowMillis) implements Admission {}

  private final TransactionOperations<Connection> tx;

  /** {@code migrations}: the tables exist before the first statement. */
  public VideoGenApiJobStore(TransactionOperations<Connection> tx, EmulatorMigrations migrations) {
    this.tx = tx;
  }

  /**
   * Inserts the job unless its model already had {@code hourlyLimit} generations in the last
   * hour. A per-model advisory lock makes count-then-insert atomic across instances.
   */
  Admission insertWithinLimit(VideoGenApiJob job, long hourlyLimit) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          EmulatorSql.one(c, "SELECT pg_advisory_xact_lock(hashtext(?))", rs -> true, "videogenapi-emulator:" + job.model());
          long[] window =
              EmulatorSql.one(
                      c,
                      "SELECT count(*), COALESCE((EXTRACT(EPOCH FROM min(created_at)) * 1000)::bigint, 0),"
                          + " (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint"
                          + " FROM videogenapi_emulator_jobs"
                          + " WHERE model = ? AND created_at > clock_timestamp() - interval '1 hour'",
                      rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                      job.model())
                  .orElseThrow();
          if (window[0] >= hourlyLimit) {
            return new OverLimit(window[0], window[1] + HOUR_MILLIS, window[2]);
          }
          EmulatorSql.update(
              c,
              "INSERT INTO videogenapi_emulator_jobs (id, request_id, model, type, prompt,"
                  + " duration_seconds, resolution, aspect_ratio, width, height, seed, camera_fixed,"
                  + " add_audio, audio_prompt, image_count, image_bytes, delay_ms, outcome, url_ttl_ms,"
                  + " server_errors_left, created_at) VALUES (?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  + " ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())",
              job.id(),
              job.requestId(),
              job.model(),
              job.type(),
              job.prompt(),
              job.durationSeconds(),
              job.resolution(),
              job.aspectRatio(),
              job.width(),
              job.height(),
              job.seed(),
              job.cameraFixed(),
              job.addAudio(),
              job.audioPrompt(),
              job.imageCount(),
              job.imageBytes(),
              job.delayMillis(),
              job.outcome(),
              job.urlTtlMillis(),
              job.serverErrorsLeft());
          VideoGenApiJob stored =
              EmulatorSql.one(c, "SELECT " + COLUMNS + " FROM videogenapi_emulator_jobs WHERE id = ?", VideoGenApiJobStore::read, job.id())
                  .orElseThrow();
          return new Accepted(stored, monthUsage(c));
        });
  }

  Optional<VideoGenApiJob> find(String id) {
    return tx.executeRead(
        status ->
            EmulatorSql.one(
                status.getConnection(),
                "SELECT " + COLUMNS + " FROM videogenapi_emulator_jobs WHERE id = ?",
                VideoGenApiJobStore::read,
                id));
  }

  /** Takes one of the job's planned server errors; answers false when none are left. */
  boolean takeServerError(String id) {
    return tx.executeWrite(
            status ->
                EmulatorSql.update(
                    status.getConnection(),
                    "UPDATE videogenapi_emulator_jobs SET server_errors_left = server_errors_left - 1"
                        + " WHERE id = ? AND server_errors_left > 0",
                    id))
        == 1;
  }

  /**
   * Whether this submission of the prompt is to be refused: the first {@code refusals}
   * submissions of the exact prompt are, later ones are not.
   */
  boolean takeThrottle(String prompt, int refusals) {
    String key = sha256(prompt);
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          EmulatorSql.update(
              c,
              "INSERT INTO videogenapi_emulator_throttles (prompt_sha256, refusals_left) VALUES (?, ?)"
                  + " ON CONFLICT (prompt_sha256) DO NOTHING",
              key,
              refusals);
          return EmulatorSql.update(
                  c,
                  "UPDATE videogenapi_emulator_throttles SET refusals_left = refusals_left - 1"
                      + " WHERE prompt_sha256 = ? AND refusals_left > 0",
                  key)
              == 1;
        });
  }

  /** Generations accepted since the start of the current month (UTC). */
  long monthUsage() {
    return tx.executeRead(status -> monthUsage(status.getConnection()));
  }

  long count() {
    return tx.executeRead(
        status ->
            EmulatorSql.one(status.getConnection(), "SELECT count(*) FROM videogenapi_emulator_jobs", rs -> rs.getLong(1))
                .orElseThrow());
  }

  /** A page of generations, newest first. */
  List<VideoGenApiJob> page(int limit, long offset) {
    return tx.executeRead(
        status ->
            EmulatorSql.all(
                status.getConnection(),
                "SELECT " + COLUMNS + " FROM videogenapi_emulator_jobs ORDER BY created_at DESC, id DESC"
                    + " LIMIT ? OFFSET ?",
                VideoGenApiJobStore::read,
                limit,
                offset));
  }

  private static long monthUsage(Connection c) throws SQLException {
    return EmulatorSql.one(
            c,
            "SELECT count(*) FROM videogenapi_emulator_jobs"
                + " WHERE created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
            rs -> rs.getLong(1))
        .orElseThrow();
  }

  private static VideoGenApiJob read(ResultSet rs) throws SQLException {
    return new VideoGenApiJob(
        rs.getString("id"),
        rs.getString("request_id"),
        rs.getString("model"),
        rs.getString("type"),
        rs.getString("prompt"),
        rs.getInt("duration_seconds"),
        rs.getString("resolution"),
        rs.getString("aspect_ratio"),
        rs.getInt("width"),
        rs.getInt("height"),
        rs.getLong("seed"),
        rs.getBoolean("camera_fixed"),
        rs.getBoolean("add_audio"),
        rs.getString("audio_prompt"),
        rs.getInt("image_count"),
        rs.getLong("image_bytes"),
        rs.getLong("delay_ms"),
        rs.getString("outcome"),
        rs.getLong("url_ttl_ms"),
        rs.getInt("server_errors_left"),
        rs.getLong("created_ms"),
        rs.getLong("elapsed_ms"));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
