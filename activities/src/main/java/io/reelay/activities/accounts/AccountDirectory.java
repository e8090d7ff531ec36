package io.reelay.activities.accounts;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import io.reelay.activities.billing.Ledger;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts and their API keys. A key is shown once, at creation; only its hash is kept. */
@Singleton
public class AccountDirectory {

  private static final String KEY_COLUMNS =
      "id, account_id, name, preview, rate_limit_per_minute, created_at, last_used_at, revoked_at";

  private final TransactionOperations<Connection> tx;
  private final Ledger ledger;

  public AccountDirectory(TransactionOperations<Connection> tx, Ledger ledger) {
    this.tx = tx;
    this.ledger = ledger;
  }

  /**
   * Creates an account with an opening credit and a first API key, in one transaction: there is
   * never an account whose opening credit went missing.
   */
  public NewAccount create(String name, long openingCreditMicros) {
    UUID accountId = UUID.randomUUID();
    String key = ApiKeys.newKey();
    tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          Sql.update(c, "INSERT INTO accounts (id, name) VALUES (?, ?)", accountId, name);
          insertKey(c, UUID.randomUUID(), accountId, "default", key, null);
          if (openingCreditMicros > 0) { // joins this transaction
            ledger.credit(accountId, openingCreditMicros, "credit:" + accountId + ":opening");
          }
          return null;
        });
    return new NewAccount(accountId, key);
  }

  /** Issues another key for an account; {@code rateLimitPerMinute} null means the default. */
  public IssuedKey issueKey(UUID accountId, String name, Integer rateLimitPerMinute) {
    String key = ApiKeys.newKey();
    UUID keyId = UUID.randomUUID();
    ApiKeyInfo info =
        tx.executeWrite(
            status -> {
              Connection c = status.getConnection();
              insertKey(c, keyId, accountId, name, key, rateLimitPerMinute);
              return findKey(c, accountId, keyId).orElseThrow();
            });
    return new IssuedKey(key, info);
  }

  /** The caller behind a presented key, if the key is known and not revoked. */
  public Optional<ApiCaller> authenticate(String presentedKey) {
    if (!ApiKeys.plausible(presentedKey)) {
      return Optional.empty();
    }
    String hash = ApiKeys.hash(presentedKey);
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          Optional<KeyUse> use =
              Sql.one(
                  c,
                  "SELECT id, account_id, rate_limit_per_minute, last_used_at IS NULL"
                      + " OR last_used_at < now() - interval '1 minute'"
                      + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                  rs ->
                      new KeyUse(
                          new ApiCaller(
                              rs.getObject(2, UUID.class),
                              rs.getObject(1, UUID.class),
                              rs.getObject(3, Integer.class)),
                          rs.getBoolean(4)),
                  hash);
          // last_used_at is refreshed at most once a minute: authentication stays a read
          if (use.isPresent() && use.get().stale()) {
            Sql.update(c, "UPDATE api_keys SET last_used_at = now() WHERE key_hash = ?", hash);
          }
          return use.map(KeyUse::caller);
        });
  }

  /** The account's keys, newest first, revoked ones included. */
  public List<ApiKeyInfo> keys(UUID accountId) {
    return tx.executeRead(
        status ->
            Sql.all(
                status.getConnection(),
                "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE account_id = ?"
                    + " ORDER BY created_at DESC, id DESC",
                AccountDirectory::readKey,
                accountId));
  }

  /**
   * Revokes one of the account's keys at once. Refuses to revoke the last active key, which
   * would lock the account out of its own API.
   */
  public Revocation revoke(UUID accountId, UUID keyId) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          // serialise revocations of one account, so two requests cannot each revoke "the other"
          Sql.one(c, "SELECT 1 FROM accounts WHERE id = ? FOR UPDATE", rs -> true, accountId);
          Optional<ApiKeyInfo> key = findKey(c, accountId, keyId);
          if (key.isEmpty()) {
            return new Revocation(Revocation.Outcome.NOT_FOUND, null);
          }
          if (!key.get().active()) {
            return new Revocation(Revocation.Outcome.REVOKED, key.get());
          }
          long active =
              Sql.one(
                      c,
                      "SELECT count(*) FROM api_keys WHERE account_id = ? AND revoked_at IS NULL",
                      rs -> rs.getLong(1),
                      accountId)
                  .orElse(0L);
          if (active <= 1) {
            return new Revocation(Revocation.Outcome.LAST_ACTIVE_KEY, key.get());
          }
          Sql.update(
              c,
              "UPDATE api_keys SET revoked_at = now() WHERE id = ? AND account_id = ?",
              keyId,
              accountId);
          return new Revocation(Revocation.Outcome.REVOKED, findKey(c, accountId, keyId).orElseThrow());
        });
  }

  public boolean exists(UUID accountId) {
    return tx.executeRead(
        status ->
            Sql.one(status.getConnection(), "SELECT 1 FROM accounts WHERE id = ?", rs -> true, accountId)
                .isPresent());
  }

  /** The id of the first account with this name, used by the dev bootstrap. */
  public Optional<UUID> findByName(String name) {
    return tx.executeRead(
        status ->
            Sql.one(
                status.getConnection(),
                "SELECT id FROM accounts WHERE name = ? ORDER BY created_at LIMIT 1",
                rs -> rs.getObject(1, UUID.class),
                name));
  }

  private static Optional<ApiKeyInfo> findKey(Connection c, UUID accountId, UUID keyId)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE id = ? AND account_id = ?",
        AccountDirectory::readKey,
        keyId,
        accountId);
  }

  private static void insertKey(
      Connection c, UUID keyId, UUID accountId, String name, String key, Integer rateLimitPerMinute)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO api_keys (id, account_id, name, key_hash, preview, rate_limit_per_minute)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        keyId,
        accountId,
        name,
        ApiKeys.hash(key),
        ApiKeys.preview(key),
        rateLimitPerMinute);
  }

  private static ApiKeyInfo readKey(ResultSet rs) throws SQLException {
    return new ApiKeyInfo(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("preview"),
        rs.getObject("rate_limit_per_minute", Integer.class),
        instant(rs, "created_at"),
        instant(rs, "last_used_at"),
        instant(rs, "revoked_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private record KeyUse(ApiCaller caller, boolean stale) {}

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
