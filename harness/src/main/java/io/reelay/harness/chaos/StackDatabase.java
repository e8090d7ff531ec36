package io.reelay.harness.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the chaos checks read from the stack's PostgreSQL directly rather than through the API
 * under test: the ledger, the generations table, and the simulator's record of injected faults.
 */
final class StackDatabase {

  /** An account's money columns, in micro-USD. */
  record AccountMoney(long credits, long captured, long reserved, long capturedInLedger) {}

  /** A generation's ledger entries: how many captures and how much they took. */
  record Captures(int count, long micros) {}

  private final String jdbcUrl;

  StackDatabase(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  Map<String, Captures> captures(String accountId) throws SQLException {
    Map<String, Captures> captures = new HashMap<>();
    query(
        "SELECT generation_id::text, count(*), sum(amount_micros) FROM ledger_entries"
            + " WHERE account_id = ? AND kind = 'capture' GROUP BY generation_id",
        rs -> captures.put(rs.getString(1), new Captures(rs.getInt(2), rs.getLong(3))),
        UUID.fromString(accountId));
    return captures;
  }

  AccountMoney money(String accountId) throws SQLException {
    List<AccountMoney> money = new ArrayList<>();
    query(
        "SELECT credits_micros, captured_micros, reserved_micros, (SELECT coalesce(sum(amount_micros), 0)"
            + " FROM ledger_entries WHERE account_id = a.id AND kind = 'capture') FROM accounts a WHERE id = ?",
        rs -> money.add(new AccountMoney(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))),
        UUID.fromString(accountId));
    return money.get(0);
  }

  /** The prompt of every generation the account has (as its workflow recorded it), by id. */
  Map<String, String> prompts(String accountId) throws SQLException {
    Map<String, String> prompts = new HashMap<>();
    query(
        "SELECT id::text, prompt FROM generations WHERE account_id = ?",
        rs -> prompts.put(rs.getString(1), rs.getString(2)),
        UUID.fromString(accountId));
    return prompts;
  }

  /** The simulator's faults (V24): callbacks that reached Reelay at least once, and 5xx bursts. */
  Map<String, Long> simulatorFaults() throws SQLException {
    Map<String, Long> faults = new LinkedHashMap<>();
    faults.put("duplicate callbacks", 0L);
    faults.put("late callbacks", 0L);
    faults.put("out-of-order callbacks", 0L);
    query(
        "SELECT kind, count(*) FROM sim_chaos_callbacks WHERE attempts > 0 GROUP BY kind",
        rs -> faults.put(rs.getString(1).replace('_', '-') + " callbacks", rs.getLong(2)));
    query(
        "SELECT count(*), coalesce(sum(errors), 0) FROM sim_chaos_bursts",
        rs -> {
          faults.put("5xx bursts", rs.getLong(1));
          faults.put("5xx answers in bursts", rs.getLong(2));
        });
    return faults;
  }

  /** Callbacks (the real ones and the chaos ones) the simulator gave up on because Reelay refused them. */
  List<String> refusedCallbacks() throws SQLException {
    List<String> refused = new ArrayList<>();
    query(
        "SELECT 'callback for ' || id || ' (' || callback_attempts || ' attempts)' FROM sim_jobs"
            + " WHERE callback_state = 'gave_up'"
            + " UNION ALL SELECT kind || ' callback for ' || job_id || ' claiming ' || status || ': last answer '"
            + " || coalesce(last_response::text, 'none') FROM sim_chaos_callbacks WHERE state = 'gave_up'",
        rs -> refused.add(rs.getString(1)));
    return refused;
  }

  /** Chaos callbacks not sent yet (late ones may be due a minute after their job ended). */
  long pendingChaosCallbacks() throws SQLException {
    long[] pending = new long[1];
    query("SELECT count(*) FROM sim_chaos_callbacks WHERE state = 'pending'", rs -> pending[0] = rs.getLong(1));
    return pending[0];
  }

  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, Row row, Object... args) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.read(rs);
        }
      }
    }
  }
}
