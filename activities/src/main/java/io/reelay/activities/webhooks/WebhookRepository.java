package io.reelay.activities.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Join;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Sort;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.reelay.activities.webhooks.WebhookStore.Attempt;
import io.reelay.activities.webhooks.WebhookStore.Delivery;
import io.reelay.activities.webhooks.WebhookStore.GenerationTarget;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhook deliveries with their messages, their attempts, and the generation they tell of. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookRepository extends GenericRepository<Delivery, UUID> {

  @Join("message")
  Optional<Delivery> findById(UUID id);

  @Join("message")
  List<Delivery> findByMessageGenerationIdAndMessageAccountId(UUID generationId, UUID accountId, Sort sort);

  int countByMessageGenerationId(UUID generationId);

  // native: the same id twice (a retried activity) records it once
  @Query(
      "INSERT INTO webhook_deliveries (id, message_id, generation_id, account_id, url, trigger, status)"
          + " VALUES (:id, :messageId, :generationId, :accountId, :url, :trigger, 'sending')"
          + " ON CONFLICT (id) DO NOTHING")
  int createDelivery(UUID id, String messageId, UUID generationId, UUID accountId, String url, String trigger);

  // native: conditional, a final state is never overwritten by a late answer
  @Query(
      "UPDATE webhook_deliveries SET status = 'delivered', finished_at = now(), failure_reason = NULL"
          + " WHERE id = :id AND status = 'sending'")
  int markDelivered(UUID id);

  // native: conditional, as above
  @Query(
      "UPDATE webhook_deliveries SET status = 'failed', finished_at = now(), failure_reason = :reason"
          + " WHERE id = :id AND status = 'sending'")
  int markFailed(UUID id, String reason);

  @Query(
      "SELECT attempt, started_at, finished_at, response_status, error, duration_ms"
          + " FROM webhook_attempts WHERE delivery_id = :deliveryId ORDER BY attempt")
  List<Attempt> attempts(UUID deliveryId);

  @Query("SELECT count(*) FROM webhook_attempts WHERE delivery_id = :deliveryId")
  long countAttempts(UUID deliveryId);

  // native: ON CONFLICT, a retried attempt starts over in its own row
  @Query(
      "INSERT INTO webhook_attempts (delivery_id, attempt) VALUES (:deliveryId, :attempt)"
          + " ON CONFLICT (delivery_id, attempt) DO UPDATE SET started_at = now(),"
          + " finished_at = NULL, response_status = NULL, error = NULL, duration_ms = NULL")
  int attemptStarted(UUID deliveryId, int attempt);

  @Query(
      "UPDATE webhook_attempts SET finished_at = now(), response_status = :responseStatus,"
          + " error = :error, duration_ms = :durationMs WHERE delivery_id = :deliveryId AND attempt = :attempt")
  int attemptFinished(
      UUID deliveryId, int attempt, @Nullable Integer responseStatus, @Nullable String error, int durationMs);

  @Query("SELECT account_id, status, webhook_url, door FROM generations WHERE id = :generationId")
  Optional<GenerationTarget> generation(UUID generationId);
}
