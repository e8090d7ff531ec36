package io.reelay.activities.webhooks;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Relation;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.AfterCommit;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhook endpoints, messages, deliveries and attempts (migration V23). */
@Singleton
public class WebhookStore {

  /**
   * A generation as webhooks need it: whose, where it is, the URL its create call named, and the
   * door it came through (its callbacks may have that door's shape).
   */
  @Introspected
  public record GenerationTarget(UUID accountId, String status, @Nullable String webhookUrl, String door) {}

  /** One message: the body every attempt sends, under one webhook-id. */
  @MappedEntity("webhook_messages")
  public record Message(@Id String id, UUID generationId, UUID accountId, String eventType, String payload) {}

  /** One delivery of a message to a URL, with its message. */
  @MappedEntity("webhook_deliveries")
  public record Delivery(
      @Id UUID id,
      @Relation(Relation.Kind.MANY_TO_ONE) Message message,
      String url,
      String trigger,
      String status,
      @Nullable String failureReason,
      Instant createdAt,
      @Nullable Instant finishedAt) {}

  /** One attempt; finishedAt null while it runs (or if its worker died mid-call). */
  @Introspected
  public record Attempt(
      int attempt,
      Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable Integer responseStatus,
      @Nullable String error,
      @Nullable Integer durationMs) {}

  private static final Sort OLDEST_FIRST = Sort.of(Sort.Order.asc("createdAt"), Sort.Order.asc("id"));

  private final WebhookEndpointRepository endpoints;
  private final WebhookMessageRepository messages;
  private final WebhookRepository deliveries;
  private final WebhookMetrics metrics;
  private final AfterCommit afterCommit;

  public WebhookStore(
      WebhookEndpointRepository endpoints,
      WebhookMessageRepository messages,
      WebhookRepository deliveries,
      WebhookMetrics metrics,
      AfterCommit afterCommit) {
    this.endpoints = endpoints;
    this.messages = messages;
    this.deliveries = deliveries;
    this.metrics = metrics;
    this.afterCommit = afterCommit;
  }

  // ------------------------------------------------------------------ per-account default URL

  @Transactional(readOnly = true)
  public Optional<String> defaultUrl(UUID accountId) {
    return endpoints.findUrlByAccountId(accountId);
  }

  @Transactional
  public void setDefaultUrl(UUID accountId, String url) {
    endpoints.saveUrl(accountId, url);
  }

  @Transactional
  public boolean clearDefaultUrl(UUID accountId) {
    return endpoints.deleteByAccountId(accountId) > 0;
  }

  // ------------------------------------------------------------------------------ generations

  @Transactional(readOnly = true)
  public Optional<GenerationTarget> generation(UUID generationId) {
    return deliveries.generation(generationId);
  }

  // --------------------------------------------------------------------- messages, deliveries

  /** The generation's message of this type, written once: a retried write keeps the first body. */
  @Transactional
  public Message message(String id, UUID generationId, UUID accountId, String eventType, String payload) {
    messages.saveOnce(id, generationId, accountId, eventType, payload);
    return messages.findByGenerationIdAndEventType(generationId, eventType).orElseThrow();
  }

  @Transactional(readOnly = true)
  public Optional<Message> existingMessage(UUID generationId, String eventType) {
    return messages.findByGenerationIdAndEventType(generationId, eventType);
  }

  /** Records a delivery; the same id twice (a retried activity) records it once. */
  @Transactional
  public Delivery createDelivery(UUID id, Message message, String url, String trigger) {
    deliveries.createDelivery(id, message.id(), message.generationId(), message.accountId(), url, trigger);
    return deliveries.findById(id).orElseThrow();
  }

  @Transactional(readOnly = true)
  public int deliveryCount(UUID generationId) {
    return deliveries.countByMessageGenerationId(generationId);
  }

  @Transactional(readOnly = true)
  public Optional<Delivery> delivery(UUID id) {
    return deliveries.findById(id);
  }

  /** A generation's deliveries, oldest first, each with its attempts. */
  @Transactional(readOnly = true)
  public List<Delivery> deliveries(UUID accountId, UUID generationId) {
    return deliveries.findByMessageGenerationIdAndMessageAccountId(generationId, accountId, OLDEST_FIRST);
  }

  @Transactional(readOnly = true)
  public List<Attempt> attempts(UUID deliveryId) {
    return deliveries.attempts(deliveryId);
  }

  // ------------------------------------------------------------------------------- attempts

  @Transactional
  public void attemptStarted(UUID deliveryId, int attempt) {
    deliveries.attemptStarted(deliveryId, attempt);
  }

  @Transactional
  public void attemptFinished(UUID deliveryId, int attempt, Integer responseStatus, String error, long durationMs) {
    int finished =
        deliveries.attemptFinished(deliveryId, attempt, responseStatus, error, (int) Math.min(Integer.MAX_VALUE, durationMs));
    if (finished > 0 && error != null) {
      afterCommit.run(metrics::attemptFailed);
    }
  }

  /** Delivered: final, and never overwritten by a late failure. */
  @Transactional
  public void markDelivered(UUID deliveryId) {
    countEnded(deliveries.markDelivered(deliveryId), deliveryId, "delivered");
  }

  /** Given up: no more attempts (the delivery is abandoned; a redelivery is a new delivery). */
  @Transactional
  public void markFailed(UUID deliveryId, String reason) {
    countEnded(deliveries.markFailed(deliveryId, reason), deliveryId, "abandoned");
  }

  private void countEnded(int changed, UUID deliveryId, String outcome) {
    if (changed > 0) {
      long attempts = deliveries.countAttempts(deliveryId);
      afterCommit.run(() -> metrics.ended(outcome, attempts));
    }
  }
}
