package io.reelay.activities.billing;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Optional;
import java.util.UUID;

/**
 * What an account used over a period. Money and seconds both come from the captures made in
 * the period (what was billed), requests from the generations created in it; everything is read
 * in one snapshot.
 */
@Singleton
public class UsageReports {

  private final TransactionOperations<Connection> tx;

  public UsageReports(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /**
   * @param requests       generations created in the period (refused creates not counted)
   * @param billedMillis   video time billed in the period (measured, capped at what was asked)
   * @param capturedMicros what was charged in the period
   * @param balance        the account's totals now
   */
  public record Usage(long requests, long billedMillis, long capturedMicros, Ledger.Balance balance) {}

  public Optional<Usage> usage(UUID accountId, int days) {
    return tx.executeRead(
        status -> {
          Connection c = status.getConnection();
          Sql.update(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
          Optional<Ledger.Balance> balance =
              Sql.one(
                  c,
                  "SELECT credits_micros, captured_micros, reserved_micros FROM accounts WHERE id = ?",
                  rs -> new Ledger.Balance(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                  accountId);
          if (balance.isEmpty()) {
            return Optional.<Usage>empty();
          }
          long requests =
              Sql.one(
                      c,
                      "SELECT count(*) FROM generations WHERE account_id = ? AND status <> 'rejected'"
                          + " AND created_at >= now() - make_interval(days => ?)",
                      rs -> rs.getLong(1),
                      accountId,
                      days)
                  .orElse(0L);
          long[] billed =
              Sql.one(
                      c,
                      "SELECT COALESCE(sum(e.amount_micros), 0),"
                          + " COALESCE(sum(LEAST(g.video_duration_ms, g.duration_seconds * 1000)), 0)"
                          + " FROM ledger_entries e LEFT JOIN generations g ON g.id = e.generation_id"
                          + " WHERE e.account_id = ? AND e.kind = 'capture'"
                          + " AND e.created_at >= now() - make_interval(days => ?)",
                      rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                      accountId,
                      days)
                  .orElse(new long[2]);
          return Optional.of(new Usage(requests, billed[1], billed[0], balance.get()));
        });
  }
}
