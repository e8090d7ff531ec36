package io.reelay.activities.webhooks;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;
import java.util.UUID;

/** Each account's default webhook URL. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookEndpointRepository extends GenericRepository<WebhookEndpoint, UUID> {

  Optional<String> findUrlByAccountId(UUID accountId);

  int deleteByAccountId(UUID accountId);

  // native: an upsert, one statement whatever races it
  @Query(
      "INSERT INTO webhook_endpoints (account_id, url) VALUES (:accountId, :url) ON CONFLICT (account_id)"
          + " DO UPDATE SET url = excluded.url, updated_at = now()")
  int saveUrl(UUID accountId, String url);
}
