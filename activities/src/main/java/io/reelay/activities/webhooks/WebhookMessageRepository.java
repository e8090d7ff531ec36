package io.reelay.activities.webhooks;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.reelay.activities.webhooks.WebhookStore.Message;
import java.util.Optional;
import java.util.UUID;

/** Webhook messages: the body every attempt of a generation's event sends. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookMessageRepository extends GenericRepository<Message, String> {

  Optional<Message> findByGenerationIdAndEventType(UUID generationId, String eventType);

  // native: written once, a retried write keeps the first body
  @Query(
      "INSERT INTO webhook_messages (id, generation_id, account_id, event_type, payload)"
          + " VALUES (:id, :generationId, :accountId, :eventType, :payload) ON CONFLICT DO NOTHING")
  int saveOnce(String id, UUID generationId, UUID accountId, String eventType, String payload);
}
