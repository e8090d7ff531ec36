package io.reelay.activities.generations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The generations read model, the client fields waiting for their row and the client
 * Idempotency-Keys. The state changes are
 * native conditional UPDATEs: each applies only while the generation is not terminal (the list
 * passed as {@code terminal}), which is what keeps a late or replayed write from reopening it.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface GenerationRepository extends GenericRepository<GenerationRecord, UUID> {

  Optional<GenerationRecord> findByIdAndAccountId(UUID id, UUID accountId);

  Optional<GenerationRecord> findById(UUID id);

  /** A page by number, newest first, with the total count (the front doors' page/limit lists). */
  Page<GenerationRecord> findByAccountId(UUID accountId, Pageable pageable);

  Page<GenerationRecord> findByAccountIdAndStatus(UUID accountId, GenerationStatus status, Pageable pageable);

  Optional<String> findAssetKeyByIdAndStatus(UUID id, GenerationStatus status);

  // native: written once, a replayed create changes nothing
  @Query(
      "INSERT INTO generation_client_fields (generation_id, account_id, webhook_url, metadata,"
          + " idempotency_key, door) VALUES (:generationId, :accountId, :webhookUrl, :metadataJson,"
          + " :idempotencyKey, :door) ON CONFLICT (generation_id) DO NOTHING")
  int saveClientFields(
      UUID generationId,
      UUID accountId,
      @Nullable String webhookUrl,
      @Nullable String metadataJson,
      @Nullable String idempotencyKey,
      String door);

  // native: takes the client fields kept for it, and a replayed create changes nothing
  @Query(
      "INSERT INTO generations (id, account_id, model, provider, status, prompt, negative_prompt,"
          + " duration_seconds, aspect_ratio, resolution, seed, audio, estimated_cost_micros,"
          + " webhook_url, metadata, idempotency_key, door)"
          + " SELECT :id, :accountId, :model, :provider, 'pending', :prompt, :negativePrompt,"
          + " :durationSeconds, :aspectRatio, :resolution, :seed, :audio, :estimatedCostMicros,"
          + " f.webhook_url, f.metadata, f.idempotency_key, coalesce(f.door, 'native') FROM (SELECT 1) AS one"
          + " LEFT JOIN generation_client_fields f ON f.generation_id = :id"
          + " ON CONFLICT (id) DO NOTHING")
  int insertPending(
      UUID id,
      UUID accountId,
      String model,
      String provider,
      String prompt,
      @Nullable String negativePrompt,
      int durationSeconds,
      String aspectRatio,
      String resolution,
      @Nullable Long seed,
      boolean audio,
      long estimatedCostMicros);

  @Query(
      "UPDATE generations SET status = 'rejected', error_code = :code, error_message = :message,"
          + " updated_at = now(), completed_at = now() WHERE id = :id AND status NOT IN (:terminal)")
  int markRejected(UUID id, @Nullable String code, @Nullable String message, Collection<String> terminal);

  // native: RETURNING what the row was before (a list: no row means not applied), so the caller
  // sees a failover (another provider than before) and the time a pending generation waited.
  // One text per row ("provider status seconds"): Micronaut Data 4.14 maps an UPDATE's
  // RETURNING to a single column only, not to a record.
  @Query(
      "UPDATE generations g SET status = 'processing', provider = :provider, provider_job_id = :providerJobId,"
          + " updated_at = now()"
          + " FROM (SELECT id, provider, status, created_at FROM generations WHERE id = :id FOR UPDATE) AS before"
          + " WHERE g.id = before.id AND g.status NOT IN (:terminal)"
          + " RETURNING before.provider || ' ' || before.status || ' '"
          + " || CAST(EXTRACT(EPOCH FROM (now() - before.created_at)) AS text)")
  List<String> markSubmitted(UUID id, String provider, @Nullable String providerJobId, Collection<String> terminal);

  /** What a submission that applied found on the row. */
  record Submitted(String previousProvider, String previousStatus, double secondsSinceCreated) {

    /** From what {@link #markSubmitted} returns. */
    static Submitted parse(String returned) {
      String[] parts = returned.split(" ");
      return new Submitted(parts[0], parts[1], Double.parseDouble(parts[2]));
    }
  }

  // native: UPDATE ... RETURNING answers the job the progress belongs to (no row: not applied;
  // a list, as Micronaut Data answers null rather than an empty Optional for no row)
  @Query(
      "UPDATE generations SET progress = GREATEST(progress, :progress), updated_at = now()"
          + " WHERE id = :id AND status NOT IN (:terminal) RETURNING COALESCE(provider_job_id, '')")
  List<String> markProgress(UUID id, int progress, Collection<String> terminal);

  // native: the expiry comes from the account's retention, else the default (in seconds)
  @Query(
      "UPDATE generations SET status = 'completed', progress = 100, cost_micros = :costMicros,"
          + " asset_key = :assetKey, video_bytes = :videoBytes, video_sha256 = :videoSha256,"
          + " video_duration_ms = :videoDurationMillis, video_width = :videoWidth,"
          + " video_height = :videoHeight, updated_at = now(), completed_at = now(),"
          + " expires_at = now() + coalesce((SELECT make_interval(days => a.video_retention_days)"
          + " FROM accounts a WHERE a.id = generations.account_id),"
          + " make_interval(secs => :defaultRetentionSeconds))"
          + " WHERE id = :id AND status NOT IN (:terminal)")
  int markCompleted(
      UUID id,
      long costMicros,
      @Nullable String assetKey,
      long videoBytes,
      @Nullable String videoSha256,
      long videoDurationMillis,
      int videoWidth,
      int videoHeight,
      double defaultRetentionSeconds,
      Collection<String> terminal);

  @Query(
      "UPDATE generations SET status = 'failed', error_code = :code, error_message = :message,"
          + " cost_micros = 0, updated_at = now(), completed_at = now()"
          + " WHERE id = :id AND status NOT IN (:terminal)")
  int markFailed(UUID id, @Nullable String code, @Nullable String message, Collection<String> terminal);

  @Query(
      "UPDATE generations SET status = 'canceled', error_code = 'CANCELED', error_message = :reason,"
          + " cost_micros = 0, updated_at = now(), completed_at = now()"
          + " WHERE id = :id AND status NOT IN (:terminal)")
  int markCanceled(UUID id, @Nullable String reason, Collection<String> terminal);

  @Query(
      "UPDATE generations SET status = 'expired', updated_at = now(), expired_at = now()"
          + " WHERE id = :id AND status = 'completed'")
  int markExpired(UUID id);

  @Query(
      "SELECT id FROM generations WHERE status = 'completed' AND expires_at <= now()"
          + " ORDER BY expires_at LIMIT :limit")
  List<UUID> dueToExpire(int limit);

  // native: keyset pagination on (created_at, id), newest first; rejected creates are not listed
  @Query(
      "SELECT * FROM generations WHERE account_id = :accountId AND status <> 'rejected'"
          + " AND (created_at, id) < (:afterCreatedAt, :afterId)"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<GenerationRecord> page(UUID accountId, Instant afterCreatedAt, UUID afterId, int limit);

  // native: the same keyset page within one status
  @Query(
      "SELECT * FROM generations WHERE account_id = :accountId AND status = :status"
          + " AND (created_at, id) < (:afterCreatedAt, :afterId)"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<GenerationRecord> pageWithStatus(
      UUID accountId, GenerationStatus status, Instant afterCreatedAt, UUID afterId, int limit);

  // native: ON CONFLICT DO NOTHING, the first create with a key claims it (1 row), a retry finds it
  @Query(
      "INSERT INTO idempotency_keys (account_id, key, generation_id, request_hash)"
          + " VALUES (:accountId, :key, :generationId, :requestHash) ON CONFLICT (account_id, key) DO NOTHING")
  int claimIdempotencyKey(UUID accountId, String key, UUID generationId, String requestHash);

  @Query("SELECT generation_id, request_hash FROM idempotency_keys WHERE account_id = :accountId AND key = :key")
  Optional<IdempotencyKeyStore.ClaimedKey> claimedIdempotencyKey(UUID accountId, String key);

  // native: the keyset page oldest first (the OpenAI door's order=asc); rejected creates are not listed
  @Query(
      "SELECT * FROM generations WHERE account_id = :accountId AND status <> 'rejected'"
          + " AND (created_at, id) > (:afterCreatedAt, :afterId)"
          + " ORDER BY created_at, id LIMIT :limit")
  List<GenerationRecord> pageOldestFirst(UUID accountId, Instant afterCreatedAt, UUID afterId, int limit);

  // native: an offset page within a set of statuses, newest first (the VibeGen door's task list,
  // whose clients page by limit and offset)
  @Query(
      "SELECT * FROM generations WHERE account_id = :accountId AND status IN (:statuses)"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<GenerationRecord> offsetPage(UUID accountId, Collection<String> statuses, int offset, int limit);

  @Query("SELECT count(*) FROM generations WHERE account_id = :accountId AND status IN (:statuses)")
  long countWithStatuses(UUID accountId, Collection<String> statuses);

  /** The VideoGenAPI door's usage: generations created since an instant, but those in one status. */
  long countByAccountIdAndCreatedAtGreaterThanEqualsAndStatusNotEqual(
      UUID accountId, Instant since, GenerationStatus status);

  /** Admitted but not yet submitted, on every instance (the partial index generations_pending). */
  @Query("SELECT count(*) FROM generations WHERE status = 'pending'")
  long countPending();

  /** Submitted and not yet ended, on every instance (the partial index generations_processing). */
  @Query("SELECT count(*) FROM generations WHERE status = 'processing'")
  long countProcessing();
}
