package io.reelay.activities.billing;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-derives every account's money from the journal and checks the invariants that must hold
 * whatever crashed: balance = credits − captures − active holds; a completed generation is
 * captured exactly once; a failed, canceled or refused one never; nothing is both captured and
 * fully released. Read-only, in one snapshot.
 */
@Singleton
public class LedgerAudit {

  private final TransactionOperations<Connection> tx;

  public LedgerAudit(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /** One broken invariant. */
  public record Violation(String check, UUID accountId, UUID generationId, String detail) {}

  /** What the SQL side of the audit found. */
  public record Findings(
      long accounts, long generations, List<UUID> activeHolds, List<Violation> violations) {}

  public Findings run() {
    return tx.executeRead(
        status -> {
          Connection c = status.getConnection();
          // one consistent snapshot for every query below
          Sql.update(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
          List<Violation> violations = new ArrayList<>();
          violations.addAll(accountTotals(c));
          violations.addAll(
              Sql.all(
                  c,
                  "SELECT h.account_id, h.generation_id FROM holds h"
                      + " JOIN ledger_entries cap ON cap.idempotency_key = h.generation_id || ':capture'"
                      + " JOIN ledger_entries rel ON rel.idempotency_key = h.generation_id || ':release'"
                      + " WHERE cap.amount_micros > 0 AND rel.amount_micros = h.amount_micros",
                  rs ->
                      new Violation(
                          "captured_and_fully_released",
                          rs.getObject(1, UUID.class),
                          rs.getObject(2, UUID.class),
                          "the generation was charged and also given its whole hold back"),
                  new Object[0]));
          violations.addAll(
              Sql.all(
                  c,
                  "SELECT g.account_id, g.id, count(e.id), h.state FROM generations g"
                      + " LEFT JOIN ledger_entries e ON e.generation_id = g.id AND e.kind = 'capture'"
                      + " LEFT JOIN holds h ON h.generation_id = g.id"
                      + " WHERE g.status IN ('completed', 'expired') GROUP BY g.account_id, g.id, h.state"
                      + " HAVING count(e.id) <> 1 OR h.state IS DISTINCT FROM 'captured'",
                  rs ->
                      new Violation(
                          "completed_captured_once",
                          rs.getObject(1, UUID.class),
                          rs.getObject(2, UUID.class),
                          "completed with " + rs.getLong(3) + " captures, hold " + rs.getString(4)),
                  new Object[0]));
          violations.addAll(
              Sql.all(
                  c,
                  "SELECT g.account_id, g.id, g.status, sum(e.amount_micros) FROM generations g"
                      + " JOIN ledger_entries e ON e.generation_id = g.id AND e.kind = 'capture'"
                      + " WHERE g.status IN ('failed', 'canceled', 'rejected')"
                      + " GROUP BY g.account_id, g.id, g.status HAVING sum(e.amount_micros) > 0",
                  rs ->
                      new Violation(
                          "unfinished_never_captured",
                          rs.getObject(1, UUID.class),
                          rs.getObject(2, UUID.class),
                          rs.getString(3) + " but charged " + rs.getLong(4) + " micro-USD"),
                  new Object[0]));
          List<UUID> active =
              Sql.all(
                  c,
                  "SELECT generation_id FROM holds WHERE state = 'active' ORDER BY created_at",
                  rs -> rs.getObject(1, UUID.class),
                  new Object[0]);
          long accounts = Sql.one(c, "SELECT count(*) FROM accounts", rs -> rs.getLong(1), new Object[0]).orElse(0L);
          long generations =
              Sql.one(c, "SELECT count(*) FROM generations", rs -> rs.getLong(1), new Object[0]).orElse(0L);
          return new Findings(accounts, generations, active, violations);
        });
  }

  /** Whether a generation's hold is still active right now (outside the audit's snapshot). */
  public boolean holdActive(UUID generationId) {
    return tx.executeRead(
        status ->
            Sql.one(
                    status.getConnection(),
                    "SELECT state = 'active' FROM holds WHERE generation_id = ?",
                    rs -> rs.getBoolean(1),
                    generationId)
                .orElse(false));
  }

  /** The running totals on each account must equal what its journal and holds say. */
  private static List<Violation> accountTotals(Connection c) throws SQLException {
    return Sql.all(
        c,
        "SELECT a.id, a.credits_micros, a.captured_micros, a.reserved_micros,"
            + " COALESCE((SELECT sum(amount_micros) FROM ledger_entries e"
            + "   WHERE e.account_id = a.id AND e.kind = 'credit'), 0) AS journal_credits,"
            + " COALESCE((SELECT sum(amount_micros) FROM ledger_entries e"
            + "   WHERE e.account_id = a.id AND e.kind = 'capture'), 0) AS journal_captures,"
            + " COALESCE((SELECT sum(amount_micros) FROM holds h"
            + "   WHERE h.account_id = a.id AND h.state = 'active'), 0) AS active_holds"
            + " FROM accounts a",
        rs -> {
          long credits = rs.getLong(2);
          long captured = rs.getLong(3);
          long reserved = rs.getLong(4);
          long journalCredits = rs.getLong(5);
          long journalCaptures = rs.getLong(6);
          long holds = rs.getLong(7);
          if (credits == journalCredits && captured == journalCaptures && reserved == holds
              && credits - captured - reserved >= 0) {
            return null;
          }
          return new Violation(
              "balance_equals_credits_minus_captures_minus_holds",
              rs.getObject(1, UUID.class),
              null,
              "account says credits " + credits + ", captures " + captured + ", holds " + reserved
                  + "; journal says credits " + journalCredits + ", captures " + journalCaptures
                  + ", active holds " + holds + " (micro-USD)");
        },
        new Object[0]).stream().filter(v -> v != null).toList();
  }
}
