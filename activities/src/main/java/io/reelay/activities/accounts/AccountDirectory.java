package io.reelay.activities.accounts;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.billing.Ledger;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts and their API keys. A key is shown once, at creation; only its hash is kept. */
@Singleton
public class AccountDirectory {

  /** last_used_at is refreshed at most this often. */
  static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private static final Sort NEWEST_FIRST = Sort.of(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

  private final AccountRepository accounts;
  private final ApiKeyRepository keys;
  private final Ledger ledger;
  private final ApplicationEventPublisher<ApiKeyRevoked> revocations;
  private final Clock clock = Clock.systemUTC();

  public AccountDirectory(
      AccountRepository accounts,
      ApiKeyRepository keys,
      Ledger ledger,
      ApplicationEventPublisher<ApiKeyRevoked> revocations) {
    this.accounts = accounts;
    this.keys = keys;
    this.ledger = ledger;
    this.revocations = revocations;
  }

  /**
   * Creates an account with an opening credit and a first API key, in one transaction: there is
   * never an account whose opening credit went missing.
   */
  @Transactional
  public NewAccount create(String name, long openingCreditMicros) {
    UUID accountId = UUID.randomUUID();
    String key = ApiKeys.newKey();
    accounts.save(new Account(accountId, name));
    saveKey(UUID.randomUUID(), accountId, "default", key, null);
    if (openingCreditMicros > 0) { // joins this transaction
      ledger.credit(accountId, openingCreditMicros, "credit:" + accountId + ":opening");
    }
    return new NewAccount(accountId, key);
  }

  /** Issues another key for an account; {@code rateLimitPerMinute} null means the default. */
  @Transactional
  public IssuedKey issueKey(UUID accountId, String name, Integer rateLimitPerMinute) {
    String key = ApiKeys.newKey();
    return new IssuedKey(key, saveKey(UUID.randomUUID(), accountId, name, key, rateLimitPerMinute).info());
  }

  /**
   * The caller behind a key, by the key's hash, if the key is known and not revoked. A plain read:
   * the API authenticates through {@link ApiKeyCache}, which calls this on a miss.
   */
  @Transactional(readOnly = true)
  public Optional<ApiCaller> findCaller(String keyHash) {
    return keys.findByKeyHashAndRevokedAtIsNull(keyHash)
        .map(key -> new ApiCaller(key.accountId(), key.id(), key.rateLimitPerMinute()));
  }

  /**
   * Records that a key was used at {@code usedAt}, unless it is already recorded as used less
   * than a minute before: last_used_at is kept to the minute, so authentication stays a read.
   */
  @Transactional
  public void markUsed(UUID keyId, Instant usedAt) {
    keys.updateLastUsedAtIfBefore(keyId, usedAt, usedAt.minus(LAST_USED_RESOLUTION));
  }

  /** The account's keys, newest first, revoked ones included. */
  @Transactional(readOnly = true)
  public List<ApiKeyInfo> keys(UUID accountId) {
    return keys.findByAccountId(accountId, NEWEST_FIRST).stream().map(ApiKey::info).toList();
  }

  /**
   * Revokes one of the account's keys at once (every instance's {@link ApiKeyCache} refuses it
   * within its TTL, this instance's as soon as the revocation commits). Refuses to revoke the last active key, which
   * would lock the account out of its own API.
   */
  @Transactional
  public Revocation revoke(UUID accountId, UUID keyId) {
    // serialise revocations of one account, so two requests cannot each revoke "the other"
    accounts.findByIdForUpdate(accountId);
    Optional<ApiKeyInfo> key = keys.findByIdAndAccountId(keyId, accountId).map(ApiKey::info);
    if (key.isEmpty()) {
      return new Revocation(Revocation.Outcome.NOT_FOUND, null);
    }
    if (!key.get().active()) {
      return new Revocation(Revocation.Outcome.REVOKED, key.get());
    }
    if (keys.countByAccountIdAndRevokedAtIsNull(accountId) <= 1) {
      return new Revocation(Revocation.Outcome.LAST_ACTIVE_KEY, key.get());
    }
    keys.updateRevokedAt(keyId, clock.instant());
    revocations.publishEvent(new ApiKeyRevoked(keyId));
    return new Revocation(
        Revocation.Outcome.REVOKED, keys.findByIdAndAccountId(keyId, accountId).orElseThrow().info());
  }

  @Transactional(readOnly = true)
  public boolean exists(UUID accountId) {
    return accounts.existsById(accountId);
  }

  /** The id of the first account with this name, used by the dev bootstrap. */
  @Transactional(readOnly = true)
  public Optional<UUID> findByName(String name) {
    return accounts.findOldestIdByName(name);
  }

  private ApiKey saveKey(UUID keyId, UUID accountId, String name, String key, Integer rateLimitPerMinute) {
    return keys.save(
        new ApiKey(
            keyId,
            accountId,
            name,
            ApiKeys.hash(key),
            ApiKeys.preview(key),
            rateLimitPerMinute,
            clock.instant(),
            null,
            null));
  }

  /** A freshly created account and the only copy of its first key. */
  public record NewAccount(UUID accountId, String apiKey) {}

  /** A new key: the only copy of its secret, and what can be shown of it later. */
  public record IssuedKey(String apiKey, ApiKeyInfo info) {}

  /**
   * Who is calling.
   *
   * @param accountId          the account
   * @param keyId              the key used
   * @param rateLimitPerMinute the key's own limit, or null for the default
   */
  public record ApiCaller(UUID accountId, UUID keyId, Integer rateLimitPerMinute) {}

  /** What can be shown about a key: never the key itself. */
  public record ApiKeyInfo(
      UUID id,
      String name,
      String preview,
      Integer rateLimitPerMinute,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {
    public boolean active() {
      return revokedAt == null;
    }
  }

  /** The answer to a revocation request. */
  public record Revocation(Outcome outcome, ApiKeyInfo key) {
    public enum Outcome {
      REVOKED,
      NOT_FOUND,
      LAST_ACTIVE_KEY
    }
  }
}
