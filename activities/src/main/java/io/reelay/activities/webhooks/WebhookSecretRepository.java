package io.reelay.activities.webhooks;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.reelay.activities.webhooks.WebhookSecrets.SecretInfo;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook_secrets table. The reads are native: the database's clock, which set the end of
 * the grace period, also decides whether it has passed.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookSecretRepository extends GenericRepository<WebhookSecretRepository.WebhookSecret, UUID> {

  /** An account's signing secret, and the one it replaced. */
  @MappedEntity("webhook_secrets")
  record WebhookSecret(
      @Id UUID accountId,
      String secret,
      Instant createdAt,
      @Nullable String previousSecret,
      @Nullable Instant previousValidUntil) {}

  /** The current secret and the previous one while it still signs. */
  @Introspected
  record SigningSecrets(String secret, @Nullable String previous) {}

  // native: ON CONFLICT, a first read racing another creates one secret
  @Query(
      "INSERT INTO webhook_secrets (account_id, secret) VALUES (:accountId, :secret)"
          + " ON CONFLICT (account_id) DO NOTHING")
  int createIfAbsent(UUID accountId, String secret);

  // native: one statement, so a first rotation racing a first read cannot collide
  @Query(
      "INSERT INTO webhook_secrets (account_id, secret) VALUES (:accountId, :secret) ON CONFLICT (account_id)"
          + " DO UPDATE SET previous_secret = webhook_secrets.secret,"
          + " previous_valid_until = now() + make_interval(secs => :graceSeconds),"
          + " secret = excluded.secret, created_at = now()")
  int rotate(UUID accountId, String secret, double graceSeconds);

  @Query(
      "SELECT secret, created_at, CASE WHEN previous_valid_until > now() THEN previous_valid_until END"
          + " AS previous_valid_until FROM webhook_secrets WHERE account_id = :accountId")
  Optional<SecretInfo> info(UUID accountId);

  @Query(
      "SELECT secret, CASE WHEN previous_valid_until > now() THEN previous_secret END AS previous"
          + " FROM webhook_secrets WHERE account_id = :accountId")
  Optional<SigningSecrets> signingSecrets(UUID accountId);
}
