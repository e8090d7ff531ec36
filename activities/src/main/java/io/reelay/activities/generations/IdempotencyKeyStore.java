package io.reelay.activities.generations;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Client Idempotency-Keys. The first create with a key claims it for a new generation id; every
 * retry with the same key (from the same account) gets that id back.
 */
@Singleton
public class IdempotencyKeyStore {

  private final TransactionOperations<Connection> tx;

  public IdempotencyKeyStore(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /**
   * Claims {@code key} for {@code candidateId}, or answers the generation it was claimed for
   * earlier together with the request fingerprint stored then.
   */
  public Claim claim(UUID accountId, String key, UUID candidateId, String requestHash) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO idempotency_keys (account_id, key, generation_id, request_hash)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING")) {
            ps.setObject(1, accountId);
            ps.setString(2, key);
            ps.setObject(3, candidateId);
            ps.setString(4, requestHash);
            if (ps.executeUpdate() == 1) {
              return new Claim(candidateId, false, true);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT generation_id, request_hash FROM idempotency_keys"
                      + " WHERE account_id = ? AND key = ?")) {
            ps.setObject(1, accountId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new Claim(
                  rs.getObject(1, UUID.class), true, rs.getString(2).equals(requestHash));
            }
          }
        });
  }

  /**
   * @param generationId the generation the key stands for
   * @param replay       true when the key had been used before
   * @param sameRequest  whether the earlier request had the same fingerprint
   */
  public record Claim(UUID generationId, boolean replay, boolean sameRequest) {}
}
