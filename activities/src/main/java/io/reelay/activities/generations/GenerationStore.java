package io.reelay.activities.generations;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.AfterCommit;
import io.reelay.workflows.generation.AssetActivities.StoredVideo;
import io.reelay.workflows.generation.GenerationRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
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

  /** One dedupe key for every terminal event: a timeline ends once. */
  private static final String TERMINAL_EVENT = "terminal";

  /** Where the first page starts: after every stored row (later than any created_at). */
  private static final PagePosition FIRST_PAGE =
      new PagePosition(Instant.parse("9999-12-31T00:00:00Z"), new UUID(-1L, -1L));

  private final GenerationRepository generations;
  private final GenerationEvents events;
  private final Duration defaultRetention;
  private final GenerationMetrics metrics;
  private final AfterCommit afterCommit;

  public GenerationStore(
      GenerationRepository generations,
      GenerationEvents events,
      @Value("${reelay.retention.default:7d}") Duration defaultRetention,
      GenerationMetrics metrics,
      AfterCommit afterCommit) {
    if (defaultRetention.isNegative() || defaultRetention.isZero()) {
      throw new IllegalArgumentException("reelay.retention.default must be positive, e.g. 7d or 12h");
    }
    this.generations = generations;
    this.events = events;
    this.defaultRetention = defaultRetention;
    this.metrics = metrics;
    this.afterCommit = afterCommit;
  }

  /**
   * Keeps what the client sent outside the video spec (see generation_client_fields) until the
   * workflow creates the row. Written once: a replay of the same create changes nothing.
   */
  @Transactional
  public void saveClientFields(
      UUID generationId, UUID accountId, String webhookUrl, String metadataJson, String idempotencyKey) {
    saveClientFields(generationId, accountId, webhookUrl, metadataJson, idempotencyKey, GenerationRecord.NATIVE_DOOR);
  }

  /** As above, for a generation created through a front door ({@code door} is its name). */
  public void saveClientFields(
      UUID generationId, UUID accountId, String webhookUrl, String metadataJson, String idempotencyKey, String door) {
    generations.saveClientFields(generationId, accountId, webhookUrl, metadataJson, idempotencyKey, door);
  }

  @Transactional
  public void insertPending(GenerationRequest r) {
    UUID id = UUID.fromString(r.generationId());
    int created =
        generations.insertPending(
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
            r.estimatedCostMicros());
    eventIfApplied(created, id, "created", "created", GenerationEvents.fields("model", r.model()));
  }

  @Transactional
  public void markRejected(UUID id, String code, String message) {
    int changed = generations.markRejected(id, code, message, GenerationStatus.terminalWords());
    eventIfApplied(
        changed, id, "rejected", TERMINAL_EVENT, GenerationEvents.fields("code", code, "message", message));
  }

  @Transactional
  public void markSubmitted(UUID id, String provider, String providerJobId) {
    List<String> submitted = generations.markSubmitted(id, provider, providerJobId, GenerationStatus.terminalWords());
    int changed = submitted.size();
    submitted.stream()
        .findFirst()
        .ifPresent(before -> countSubmission(GenerationRepository.Submitted.parse(before), provider));
    // keyed by provider and job: a failover shows as a second submitted event
    eventIfApplied(
        changed,
        id,
        "submitted",
        "submitted:" + provider + ":" + providerJobId,
        GenerationEvents.fields("provider", provider, "provider_job_id", providerJobId));
  }

  /** The first submission ends the generation's submit step; one to another provider is a failover. */
  private void countSubmission(GenerationRepository.Submitted before, String provider) {
    boolean first = GenerationStatus.PENDING.word().equals(before.previousStatus());
    // the row names the route's first provider until a job is accepted, so a first submission
    // elsewhere is a failover too (the first provider refused it, or held it back too long)
    boolean failover = !before.previousProvider().equals(provider);
    Duration waited = Duration.ofMillis(Math.round(before.secondsSinceCreated() * 1000));
    afterCommit.run(
        () -> {
          if (first) {
            metrics.step(GenerationMetrics.Step.SUBMIT, waited);
          }
          if (failover) {
            metrics.failedOver(before.previousProvider(), provider);
          }
        });
  }

  @Transactional
  public void markProgress(UUID id, int progress) {
    List<String> job = generations.markProgress(id, progress, GenerationStatus.terminalWords());
    if (!job.isEmpty()) {
      // keyed by job too: after a failover the next provider's 10 % is news again
      events.record(id, "progress", "progress:" + job.get(0) + ":" + progress, GenerationEvents.fields("percent", progress));
    }
  }

  @Transactional
  public void markCompleted(UUID id, StoredVideo video, long costMicros) {
    int changed =
        generations.markCompleted(
            id,
            costMicros,
            video.assetKey(),
            video.sizeBytes(),
            video.sha256(),
            video.durationMillis(),
            video.width(),
            video.height(),
            defaultRetention.toMillis() / 1000.0,
            GenerationStatus.terminalWords());
    eventIfApplied(changed, id, "completed", TERMINAL_EVENT, GenerationEvents.fields("cost_micros", costMicros));
    countEnded(changed, id);
  }

  /**
   * Completed generations whose video is due for deletion, oldest expiry first: the retention
   * sweep's work list.
   */
  @Transactional(readOnly = true)
  public List<UUID> dueToExpire(int limit) {
    return generations.dueToExpire(limit);
  }

  /**
   * The keys of what a completed generation keeps in the asset store (its video), or empty when
   * it is not completed (already expired, or never finished).
   */
  @Transactional(readOnly = true)
  public Optional<String> storedVideoKey(UUID id) {
    return generations.findAssetKeyByIdAndStatus(id, GenerationStatus.COMPLETED);
  }

  /**
   * Marks a completed generation expired once its stored files are gone; answers whether this
   * call did it (a retried sweep finds it done already).
   */
  @Transactional
  public boolean markExpired(UUID id) {
    int changed = generations.markExpired(id);
    eventIfApplied(changed, id, "expired", "expired", Map.of());
    return changed > 0;
  }

  @Transactional
  public void markFailed(UUID id, String code, String message) {
    int changed = generations.markFailed(id, code, message, GenerationStatus.terminalWords());
    eventIfApplied(
        changed, id, "failed", TERMINAL_EVENT, GenerationEvents.fields("code", code, "message", message));
    countEnded(changed, id);
  }

  @Transactional
  public void markCanceled(UUID id, String reason) {
    int changed = generations.markCanceled(id, reason, GenerationStatus.terminalWords());
    eventIfApplied(changed, id, "canceled", TERMINAL_EVENT, GenerationEvents.fields("reason", reason));
    countEnded(changed, id);
  }

  /** Counted once: only the update that ended the generation applies, and only once it commits. */
  private void countEnded(int changed, UUID id) {
    if (changed > 0) {
      GenerationRecord ended = generations.findById(id).orElseThrow();
      afterCommit.run(() -> metrics.ended(ended));
    }
  }

  /** A generation by id alone: for links whose signature is the credential (no account). */
  public Optional<GenerationRecord> findById(UUID id) {
    return generations.findById(id);
  }

  /**
   * Page {@code pageNumber} (from 0) of the account's generations, newest first, with the total
   * count: for APIs that page by number rather than by cursor.
   */
  public Page<GenerationRecord> pageByNumber(
      UUID accountId, @Nullable GenerationStatus status, int pageNumber, int pageSize) {
    Pageable pageable =
        Pageable.from(pageNumber, pageSize, Sort.of(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
    return status == null
        ? generations.findByAccountId(accountId, pageable)
        : generations.findByAccountIdAndStatus(accountId, status, pageable);
  }

  /** How many generations are admitted but not yet submitted to a provider, all accounts. */
  public long countPending() {
    return generations.countPending();
  }

  /** How many generations run at a provider now, all accounts. */
  public long countProcessing() {
    return generations.countProcessing();
  }

  /**
   * A generation as its owner sees it; another account's generation is not found. One
   * autocommit SELECT on purpose: a read-only transaction would add BEGIN and COMMIT round trips.
   */
  public Optional<GenerationRecord> find(UUID accountId, UUID id) {
    return generations.findByIdAndAccountId(id, accountId);
  }

  /**
   * A page of an account's generations, newest first, starting after the given position.
   * Rejected creates (answered 402) are not listed: the client never got them.
   */
  @Transactional(readOnly = true)
  public List<GenerationRecord> list(
      UUID accountId, String statusFilter, PagePosition after, int limit) {
    PagePosition from = after == null ? FIRST_PAGE : after;
    return statusFilter == null
        ? generations.page(accountId, from.createdAt(), from.id(), limit)
        : generations.pageWithStatus(
            accountId,
            GenerationStatus.of(statusFilter)
                .orElseThrow(() -> new IllegalArgumentException("no such status: " + statusFilter)),
            from.createdAt(),
            from.id(),
            limit);
  }

  /** Where a page ends: the (created_at, id) of its last row. */
  public record PagePosition(Instant createdAt, UUID id) {}

  /**
   * The event that tells a state change, in its transaction, appended only when the change
   * applied: a write refused because the generation already ended adds nothing, and the retry of
   * one that applied finds its event stored already.
   */
  private void eventIfApplied(int changed, UUID id, String type, String dedupeKey, Map<String, ?> data) {
    if (changed > 0) {
      events.record(id, type, dedupeKey, data);
    }
  }

  /**
   * A page of an account's generations oldest first, starting after the given position (null: from
   * the first), for the OpenAI door's order=asc. Rejected creates are not listed, as in {@link #list}.
   */
  @Transactional(readOnly = true)
  public List<GenerationRecord> listOldestFirst(UUID accountId, @Nullable PagePosition after, int limit) {
    // before every stored row: created_at is later than the epoch, and no UUID sorts below zero
    PagePosition from = after == null ? new PagePosition(Instant.EPOCH, new UUID(0L, 0L)) : after;
    return generations.pageOldestFirst(accountId, from.createdAt(), from.id(), limit);
  }

  /**
   * Up to {@code limit} of the account's generations in these statuses (words), newest first,
   * after skipping {@code offset}: for the VibeGen door, whose clients page by limit and offset.
   */
  @Transactional(readOnly = true)
  public List<GenerationRecord> offsetPage(UUID accountId, Collection<String> statuses, int offset, int limit) {
    return generations.offsetPage(accountId, statuses, offset, limit);
  }

  /** How many of the account's generations are in these statuses (words). */
  @Transactional(readOnly = true)
  public long countWithStatuses(UUID accountId, Collection<String> statuses) {
    return generations.countWithStatuses(accountId, statuses);
  }

  /** The account's generations created since {@code since}, refused creates (rejected) not counted. */
  @Transactional(readOnly = true)
  public long countCreatedSince(UUID accountId, Instant since) {
    return generations.countByAccountIdAndCreatedAtGreaterThanEqualsAndStatusNotEqual(
        accountId, since, GenerationStatus.REJECTED);
  }
}
