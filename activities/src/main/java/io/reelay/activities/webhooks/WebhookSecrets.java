package io.reelay.activities.webhooks;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Each account's signing secret, created on first use. Rotating keeps the previous secret
 * signing (a second signature in the header) for a grace period, so a receiver can switch over
 * without rejecting a message in between. Only one previous secret is kept: a second rotation
 * within the grace period retires the first secret at once.
 */
@Singleton
public class WebhookSecrets {

  /** What the account sees of its secret. */
  public record SecretInfo(String secret, Instant createdAt, Instant previousValidUntil) {}

  private final TransactionOperations<Connection> tx;
  private final WebhookPolicy policy;

  public WebhookSecrets(TransactionOperations<Connection> tx, WebhookPolicy policy) {
    this.tx = tx;
    this.policy = policy;
  }

  public SecretInfo current(UUID accountId) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          createIfAbsent(c, accountId);
          return read(c, accountId);
        });
  }

  /** A new secret; the one it replaces keeps signing for the grace period. */
  public SecretInfo rotate(UUID accountId) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          // one statement: a first rotation racing a first read cannot collide
          Sql.update(
              c,
              "INSERT INTO webhook_secrets (account_id, secret) VALUES (?, ?) ON CONFLICT (account_id)"
                  + " DO UPDATE SET previous_secret = webhook_secrets.secret,"
                  + " previous_valid_until = now() + make_interval(secs => ?),"
                  + " secret = excluded.secret, created_at = now()",
              accountId,
              WebhookSignature.newSecret(),
              (double) policy.rotationGrace().toSeconds());
          return read(c, accountId);
        });
  }

  /** The secrets that sign a message sent now: the current one, and the previous while valid. */
  public List<String> signingSecrets(UUID accountId) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          createIfAbsent(c, accountId);
          return Sql.one(
                  c,
                  "SELECT secret, CASE WHEN previous_valid_until > now() THEN previous_secret END AS previous"
                      + " FROM webhook_secrets WHERE account_id = ?",
                  rs -> {
                    List<String> secrets = new ArrayList<>(List.of(rs.getString("secret")));
                    if (rs.getString("previous") != null) {
                      secrets.add(rs.getString("previous"));
                    }
                    return secrets;
                  },
                  accountId)
              .orElseThrow();
        });
  }

  private static void createIfAbsent(Connection c, UUID accountId) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO webhook_secrets (account_id, secret) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING",
        accountId,
        WebhookSignature.newSecret());
  }

  private static SecretInfo read(Connection c, UUID accountId) throws SQLException {
    return Sql.one(
            c,
            "SELECT secret, created_at, CASE WHEN previous_valid_until > now() THEN previous_valid_until END"
                + " AS previous_valid_until FROM webhook_secrets WHERE account_id = ?",
            WebhookSecrets::info,
            accountId)
        .orElseThrow();
  }

  private static SecretInfo info(ResultSet rs) throws SQLException {
    Timestamp previous = rs.getTimestamp("previous_valid_until");
    return new SecretInfo(
        rs.getString("secret"),
        rs.getTimestamp("created_at").toInstant(),
        previous == null ? null : previous.toInstant());
  }
}
