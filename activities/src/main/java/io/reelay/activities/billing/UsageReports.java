package io.reelay.activities.billing;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.UUID;

/** What an account used over a period, from the read model and the ledger. */
@Singleton
public class UsageReports {

  private final TransactionOperations<Connection> tx;

  public UsageReports(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /**
   * @param requests          generations created in the period (refused creates not counted)
   * @param billedMillis      measured duration of the videos completed in the period
   * @param capturedMicros    what was charged in the period
   */
  public record Usage(long requests, long billedMillis, long capturedMicros) {}

  public Usage usage(UUID accountId, int days) {
    return tx.executeRead(
        status -> {
          Connection c = status.getConnection();
          long[] generations =
              Sql.one(
                      c,
                      "SELECT count(*), COALESCE(sum(video_duration_ms) FILTER (WHERE status = 'completed'), 0)"
                          + " FROM generations WHERE account_id = ? AND status <> 'rejected'"
                          + " AND created_at >= now() - make_interval(days => ?)",
                      rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                      accountId,
                      days)
                  .orElseThrow();
          long captured =
              Sql.one(
                      c,
                      "SELECT COALESCE(sum(amount_micros), 0) FROM ledger_entries WHERE account_id = ?"
                          + " AND kind = 'capture' AND created_at >= now() - make_interval(days => ?)",
                      rs -> rs.getLong(1),
                      accountId,
                      days)
                  .orElseThrow();
          return new Usage(generations[0], generations[1], captured);
        });
  }
}
