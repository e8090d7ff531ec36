package io.reelay.activities.accounts;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import io.reelay.activities.billing.Ledger;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Accounts and their API keys. A key is shown once, at creation; only its hash is kept. */
@Singleton
public class AccountDirectory {

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
          insertKey(c, accountId, "default", key);
          if (openingCreditMicros > 0) { // joins this transaction
            ledger.credit(accountId, openingCreditMicros, "credit:" + accountId + ":opening");
          }
          return null;
        });
    return new NewAccount(accountId, key);
  }

  /** Issues another key for an account. */
  public String issueKey(UUID accountId, String name) {
    String key = ApiKeys.newKey();
    tx.executeWrite(
        status -> {
          insertKey(status.getConnection(), accountId, name, key);
          return null;
        });
    return key;
  }

  /**
   * The account a presented key belongs to, if the key is known and not revoked. last_used_at is
   * refreshed at most once a minute, so authentication is a read on the hot path.
   */
  public Optional<UUID> authenticate(String presentedKey) {
    if (presentedKey == null || !presentedKey.startsWith(ApiKeys.PREFIX)) {
      return Optional.empty();
    }
    String hash = ApiKeys.hash(presentedKey);
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          Optional<KeyUse> use =
              Sql.one(
                  c,
                  "SELECT account_id, last_used_at IS NULL"
                      + " OR last_used_at < now() - interval '1 minute'"
                      + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                  rs -> new KeyUse(rs.getObject(1, UUID.class), rs.getBoolean(2)),
                  hash);
          if (use.isPresent() && use.get().stale()) {
            Sql.update(c, "UPDATE api_keys SET last_used_at = now() WHERE key_hash = ?", hash);
          }
          return use.map(KeyUse::accountId);
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

  private static void insertKey(Connection c, UUID accountId, String name, String key)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO api_keys (id, account_id, name, key_hash, preview) VALUES (?, ?, ?, ?, ?)",
        UUID.randomUUID(),
        accountId,
        name,
        ApiKeys.hash(key),
        ApiKeys.preview(key));
  }

  private record KeyUse(UUID accountId, boolean stale) {}

  /** A freshly created account and the only copy of its first key. */
  public record NewAccount(UUID accountId, String apiKey) {}
}
