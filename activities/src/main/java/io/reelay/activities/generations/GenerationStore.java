package io.reelay.activities.generations;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import io.reelay.workflows.generation.AssetActivities.StoredVideo;
import io.reelay.workflows.generation.GenerationRequest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The generations read model. Writes come only from the workflow's record activities; each is
 * idempotent and never moves a generation out of a terminal state, so a late or replayed write
 * cannot resurrect a finished generation. Each state change appends its event to the
 * generation's timeline ({@link GenerationEvents}) in the same transaction.
 */
@Singleton
public class GenerationStore {

  private static final String COLUMNS =
      "id, account_id, model, provider, status, progress, prompt, negative_prompt,"
          + " duration_seconds, aspect_ratio, resolution, seed, audio, webhook_url, metadata,"
          + " estimated_cost_micros, cost_micros, provider_job_id, asset_key, video_bytes,"
          + " video_sha256, video_duration_ms, video_width, video_height, error_code,"
          + " error_message, created_at, completed_at, expires_at, expired_at";

  /** One dedupe key for every terminal event: a timeline ends once. */
  private static final String TERMINAL_EVENT = "terminal";

  private static final String NOT_TERMINAL =
      " AND status NOT IN ('completed', 'failed', 'canceled', 'rejected', 'expired')";

  /**
   * When a video completing now expires: the account's own retention, else the default (seconds,
   * the statement's first parameter).
   */
  private static final String EXPIRES_AT =
      "now() + coalesce((SELECT make_interval(days => a.video_retention_days) FROM accounts a"
          + " WHERE a.id = generations.account_id), make_interval(secs => ?))";

  private final TransactionOperations<Connection> tx;
  private final Duration defaultRetention;

  public GenerationStore(
      TransactionOperations<Connection> tx, @Value("${reelay.retention.default:7d}") Duration defaultRetention) {
    if (defaultRetention.isNegative() || defaultRetention.isZero()) {
      throw new IllegalArgumentException("reelay.retention.default must be positive, e.g. 7d or 12h");
    }
    this.tx = tx;
    this.defaultRetention = defaultRetention;
  }

  /**
   * Keeps what the client sent outside the video spec (see generation_client_fields) until the
   * workflow creates the row. Written once: a replay of the same create changes nothing.
   */
  public void saveClientFields(
      UUID generationId, UUID accountId, String webhookUrl, String metadataJson, String idempotencyKey) {
    write(
        "INSERT INTO generation_client_fields (generation_id, account_id, webhook_url, metadata,"
            + " idempotency_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT (generation_id) DO NOTHING",
        generationId,
        accountId,
        webhookUrl,
        metadataJson,
        idempotencyKey);
  }

  public void insertPending(GenerationRequest r) {
    UUID id = UUID.fromString(r.generationId());
    writeWithEvent(
        id,
        "created",
        "created",
        GenerationEvents.fields("model", r.model()),
        "INSERT INTO generations (id, account_id, model, provider, status, prompt, negative_prompt,"
            + " duration_seconds, aspect_ratio, resolution, seed, audio, estimated_cost_micros,"
            + " webhook_url, metadata, idempotency_key)"
            + " SELECT ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, f.webhook_url, f.metadata,"
            + " f.idempotency_key FROM (SELECT 1) AS one"
            + " LEFT JOIN generation_client_fields f ON f.generation_id = ?"
            + " ON CONFLICT (id) DO NOTHING",
        id,
        UUID.fromString(r.accountId()),
        r.model(),
        r.provider(),
        r.spec().prompt(),
        r.spec().negativePrompt(),
        r.spec().durationSeconds(),
        r.spec().aspectRatio(),
        r.spec().resolution(),
        r.spec().seed(),
        r.spec().audio(),
        r.estimatedCostMicros(),
        id);
  }

  public void markRejected(UUID id, String code, String message) {
    writeWithEvent(
        id,
        "rejected",
        TERMINAL_EVENT,
        GenerationEvents.fields("code", code, "message", message),
        "UPDATE generations SET status = 'rejected', error_code = ?, error_message = ?,"
            + " updated_at = now(), completed_at = now() WHERE id = ?" + NOT_TERMINAL,
        code, message, id);
  }

  public void markSubmitted(UUID id, String provider, String providerJobId) {
    // keyed by provider and job: a failover shows as a second submitted event
    writeWithEvent(
        id,
        "submitted",
        "submitted:" + provider + ":" + providerJobId,
        GenerationEvents.fields("provider", provider, "provider_job_id", providerJobId),
        "UPDATE generations SET status = 'processing', provider = ?, provider_job_id = ?,"
            + " updated_at = now() WHERE id = ?" + NOT_TERMINAL,
        provider, providerJobId, id);
  }

  public void markProgress(UUID id, int progress) {
    tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          Optional<String> job =
              Sql.one(
                  c,
                  "UPDATE generations SET progress = GREATEST(progress, ?), updated_at = now()"
                      + " WHERE id = ?" + NOT_TERMINAL + " RETURNING COALESCE(provider_job_id, '')",
                  rs -> rs.getString(1),
                  progress,
                  id);
          if (job.isPresent()) {
            // keyed by job too: after a failover the next provider's 10 % is news again
            GenerationEvents.append(
                c, id, "progress", "progress:" + job.get() + ":" + progress, GenerationEvents.fields("percent", progress));
          }
          return null;
        });
  }

  public void markCompleted(UUID id, StoredVideo video, long costMicros) {
    writeWithEvent(
        id,
        "completed",
        TERMINAL_EVENT,
        GenerationEvents.fields("cost_micros", costMicros),
        "UPDATE generations SET status = 'completed', progress = 100, cost_micros = ?,"
            + " asset_key = ?, video_bytes = ?, video_sha256 = ?, video_duration_ms = ?,"
            + " video_width = ?, video_height = ?, updated_at = now(), completed_at = now(),"
            + " expires_at = " + EXPIRES_AT
            + " WHERE id = ?" + NOT_TERMINAL,
        costMicros,
        video.assetKey(),
        video.sizeBytes(),
        video.sha256(),
        video.durationMillis(),
        video.width(),
        video.height(),
        defaultRetention.toMillis() / 1000.0,
        id);
  }

  /**
   * Completed generations whose video is due for deletion, oldest expiry first: the retention
   * sweep's work list.
   */
  public List<UUID> dueToExpire(int limit) {
    return tx.executeRead(
        status ->
            Sql.all(
                status.getConnection(),
                "SELECT id FROM generations WHERE status = 'completed' AND expires_at <= now()"
                    + " ORDER BY expires_at LIMIT ?",
                rs -> rs.getObject("id", UUID.class),
                limit));
  }

  /**
   * The keys of what a completed generation keeps in the asset store (its video), or empty when
   * it is not completed (already expired, or never finished).
   */
  public Optional<String> storedVideoKey(UUID id) {
    return tx.executeRead(
        status ->
            Sql.one(
                status.getConnection(),
                "SELECT asset_key FROM generations WHERE id = ? AND status = 'completed'",
                rs -> rs.getString("asset_key"),
                id));
  }

  /**
   * Marks a completed generation expired once its stored files are gone; answers whether this
   * call did it (a retried sweep finds it done already).
   */
  public boolean markExpired(UUID id) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          boolean changed =
              Sql.update(
                      c,
                      "UPDATE generations SET status = 'expired', updated_at = now(), expired_at = now()"
                          + " WHERE id = ? AND status = 'completed'",
                      id)
                  > 0;
          if (changed) {
            GenerationEvents.append(c, id, "expired", "expired", Map.of());
          }
          return changed;
        });
  }
  public void markFailed(UUID id, String code, String message) {
    writeWithEvent(
        id,
        "failed",
        TERMINAL_EVENT,
        GenerationEvents.fields("code", code, "message", message),
        "UPDATE generations SET status = 'failed', error_code = ?, error_message = ?,"
            + " cost_micros = 0, updated_at = now(), completed_at = now() WHERE id = ?"
            + NOT_TERMINAL,
        code, message, id);
  }

  public void markCanceled(UUID id, String reason) {
    writeWithEvent(
        id,
        "canceled",
        TERMINAL_EVENT,
        GenerationEvents.fields("reason", reason),
        "UPDATE generations SET status = 'canceled', error_code = 'CANCELED', error_message = ?,"
            + " cost_micros = 0, updated_at = now(), completed_at = now() WHERE id = ?"
            + NOT_TERMINAL,
        reason, id);
  }

  /** A generation as its owner sees it; another account's generation is not found. */
  public Optional<GenerationRecord> find(UUID accountId, UUID id) {
    return tx.executeRead(
        status ->
            Sql.one(
                status.getConnection(),
                "SELECT " + COLUMNS + " FROM generations WHERE id = ? AND account_id = ?",
                GenerationStore::read,
                id,
                accountId));
  }

  /**
   * A page of an account's generations, newest first, starting after the given position.
   * Rejected creates (answered 402) are not listed: the client never got them.
   */
  public List<GenerationRecord> list(
      UUID accountId, String statusFilter, PagePosition after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM generations WHERE account_id = ?");
    List<Object> args = new ArrayList<>(List.of(accountId));
    if (statusFilter != null) {
      sql.append(" AND status = ?");
      args.add(statusFilter);
    } else {
      sql.append(" AND status <> 'rejected'");
    }
    if (after != null) {
      sql.append(" AND (created_at, id) < (?, ?)");
      args.add(Timestamp.from(after.createdAt()));
      args.add(after.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(limit);
    return tx.executeRead(
        status -> Sql.all(status.getConnection(), sql.toString(), GenerationStore::read, args.toArray()));
  }

  /** Where a page ends: the (created_at, id) of its last row. */
  public record PagePosition(Instant createdAt, UUID id) {}

  private void write(String sql, Object... args) {
    tx.executeWrite(status -> Sql.update(status.getConnection(), sql, args));
  }

  /**
   * A state change and the event that tells it, in one transaction. The event is appended only
   * when the change applied: a write refused because the generation already ended adds nothing,
   * and the retry of one that applied finds its event stored already.
   */
  private void writeWithEvent(
      UUID id, String type, String dedupeKey, Map<String, ?> data, String sql, Object... args) {
    tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          if (Sql.update(c, sql, args) > 0) {
            GenerationEvents.append(c, id, type, dedupeKey, data);
          }
          return null;
        });
  }

  private static GenerationRecord read(ResultSet rs) throws SQLException {
    return new GenerationRecord(
        rs.getObject("id", UUID.class),
        rs.getObject("account_id", UUID.class),
        rs.getString("model"),
        rs.getString("provider"),
        rs.getString("status"),
        rs.getInt("progress"),
        rs.getString("prompt"),
        rs.getString("negative_prompt"),
        rs.getInt("duration_seconds"),
        rs.getString("aspect_ratio"),
        rs.getString("resolution"),
        nullableLong(rs, "seed"),
        rs.getBoolean("audio"),
        rs.getString("webhook_url"),
        rs.getString("metadata"),
        rs.getLong("estimated_cost_micros"),
        nullableLong(rs, "cost_micros"),
        rs.getString("provider_job_id"),
        rs.getString("asset_key"),
        nullableLong(rs, "video_bytes"),
        rs.getString("video_sha256"),
        nullableLong(rs, "video_duration_ms"),
        nullableInt(rs, "video_width"),
        nullableInt(rs, "video_height"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        instant(rs, "created_at"),
        instant(rs, "completed_at"),
        instant(rs, "expires_at"),
        instant(rs, "expired_at"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
