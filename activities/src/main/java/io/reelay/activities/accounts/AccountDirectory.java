package io.reelay.activities.accounts;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.billing.Ledger;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

  /** Creates an account with an opening credit and a first API key. */
  public NewAccount create(String name, long openingCreditMicros) {
    UUID accountId = UUID.randomUUID();
    String key = ApiKeys.newKey();
    tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO accounts (id, name) VALUES (?, ?)")) {
            ps.setObject(1, accountId);
            ps.setString(2, name);
            ps.executeUpdate();
          }
          insertKey(c, accountId, "default", key);
          return null;
        });
    if (openingCreditMicros > 0) {
      ledger.credit(accountId, openingCreditMicros, "credit:" + accountId + ":opening");
    }
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

  /** The account a presented key belongs to, if the key is known and not revoked. */
  public Optional<UUID> authenticate(String presentedKey) {
    if (presentedKey == null || !presentedKey.startsWith(ApiKeys.PREFIX)) {
      return Optional.empty();
    }
    String hash = ApiKeys.hash(presentedKey);
    return tx.executeWrite(
        status -> {
          try (PreparedStatement ps =
              status
                  .getConnection()
                  .prepareStatement(
                      "UPDATE api_keys SET last_used_at = now() WHERE key_hash = ?"
                          + " AND revoked_at IS NULL RETURNING account_id")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
            }
          }
        });
  }

  public boolean exists(UUID accountId) {
    return tx.executeRead(
        status -> {
          try (PreparedStatement ps =
              status.getConnection().prepareStatement("SELECT 1 FROM accounts WHERE id = ?")) {
            ps.setObject(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /** The id of the first account with this name, used by the dev bootstrap. */
  public Optional<UUID> findByName(String name) {
    return tx.executeRead(
        status -> {
          try (PreparedStatement ps =
              status
                  .getConnection()
                  .prepareStatement(
                      "SELECT id FROM accounts WHERE name = ? ORDER BY created_at LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
            }
          }
        });
  }

  private static void insertKey(Connection c, UUID accountId, String name, String key)
      throws java.sql.SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO api_keys (id, account_id, name, key_hash, preview) VALUES (?, ?, ?, ?, ?)")) {
      ps.setObject(1, UUID.randomUUID());
      ps.setObject(2, accountId);
      ps.setString(3, name);
      ps.setString(4, ApiKeys.hash(key));
      ps.setString(5, ApiKeys.preview(key));
      ps.executeUpdate();
    }
  }

  /** A freshly created account and the only copy of its first key. */
  public record NewAccount(UUID accountId, String apiKey) {}
}
