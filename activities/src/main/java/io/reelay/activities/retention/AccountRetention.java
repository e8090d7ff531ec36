package io.reelay.activities.retention;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * How long an account's videos are kept: its own number of days, or the configured default. A
 * change applies to the videos it has stored already too (their expiry moves), so an operator who
 * shortens or lengthens it gets what they asked for at once.
 */
@Singleton
public class AccountRetention {

  public static final int MAX_DAYS = 3650;

  /** An account's retention now: its own days (null: the default) and the default. */
  public record Retention(Integer accountDays, Duration defaultRetention) {
    public Duration effective() {
      return accountDays == null ? defaultRetention : Duration.ofDays(accountDays);
    }
  }

  private final TransactionOperations<Connection> tx;
  private final Duration defaultRetention;

  public AccountRetention(
      TransactionOperations<Connection> tx, @Value("${reelay.retention.default:7d}") Duration defaultRetention) {
    this.tx = tx;
    this.defaultRetention = defaultRetention;
  }

  /** The account's retention, or empty when there is no such account. */
  public Optional<Retention> of(UUID accountId) {
    return tx.executeRead(
        status ->
            Sql.one(
                status.getConnection(),
                "SELECT video_retention_days FROM accounts WHERE id = ?",
                rs -> new Retention((Integer) rs.getObject("video_retention_days"), defaultRetention),
                accountId));
  }

  /**
   * Sets the account's retention ({@code null}: back to the default) and moves the expiry of its
   * stored videos to match. Empty when there is no such account.
   */
  public Optional<Retention> set(UUID accountId, Integer days) {
    if (days != null && (days < 1 || days > MAX_DAYS)) {
      throw new IllegalArgumentException("retention days must be 1 to " + MAX_DAYS);
    }
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          if (Sql.update(c, "UPDATE accounts SET video_retention_days = ? WHERE id = ?", days, accountId) == 0) {
            return Optional.empty();
          }
          Sql.update(
              c,
              "UPDATE generations SET expires_at = completed_at + coalesce(make_interval(days => ?::int),"
                  + " make_interval(secs => ?)) WHERE account_id = ? AND status = 'completed'",
              days,
              defaultRetention.toMillis() / 1000.0,
              accountId);
          return Optional.of(new Retention(days, defaultRetention));
        });
  }
}
