package io.reelay.activities.generations;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
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
          int claimed =
              Sql.update(
                  c,
                  "INSERT INTO idempotency_keys (account_id, key, generation_id, request_hash)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING",
                  accountId,
                  key,
                  candidateId,
                  requestHash);
          if (claimed == 1) {
            return new Claim(candidateId, false, true);
          }
          return Sql.one(
                  c,
                  "SELECT generation_id, request_hash FROM idempotency_keys"
                      + " WHERE account_id = ? AND key = ?",
                  rs ->
                      new Claim(
                          rs.getObject(1, UUID.class), true, rs.getString(2).equals(requestHash)),
                  accountId,
                  key)
              .orElseThrow();
        });
  }

  /**
   * @param generationId the generation the key stands for
   * @param replay       true when the key had been used before
   * @param sameRequest  whether the earlier request had the same fingerprint
   */
  public record Claim(UUID generationId, boolean replay, boolean sameRequest) {}
}
