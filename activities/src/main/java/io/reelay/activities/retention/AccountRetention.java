package io.reelay.activities.retention;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
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

  private final RetentionRepository accounts;
  private final Duration defaultRetention;

  public AccountRetention(
      RetentionRepository accounts, @Value("${reelay.retention.default:7d}") Duration defaultRetention) {
    this.accounts = accounts;
    this.defaultRetention = defaultRetention;
  }

  /** The account's retention, or empty when there is no such account. */
  @Transactional(readOnly = true)
  public Optional<Retention> of(UUID accountId) {
    return accounts.findById(accountId).map(a -> new Retention(a.videoRetentionDays(), defaultRetention));
  }

  /**
   * Sets the account's retention ({@code null}: back to the default) and moves the expiry of its
   * stored videos to match. Empty when there is no such account.
   */
  @Transactional
  public Optional<Retention> set(UUID accountId, Integer days) {
    if (days != null && (days < 1 || days > MAX_DAYS)) {
      throw new IllegalArgumentException("retention days must be 1 to " + MAX_DAYS);
    }
    if (accounts.update(accountId, days) == 0) {
      return Optional.empty();
    }
    accounts.moveExpiry(accountId, days, defaultRetention.toMillis() / 1000.0);
    return Optional.of(new Retention(days, defaultRetention));
  }
}
