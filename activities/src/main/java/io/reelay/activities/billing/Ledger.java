package io.reelay.activities.billing;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.workflows.generation.LedgerActivities.CaptureResult;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The only code that moves money. Each movement is one transaction that writes the account's
 * running totals, the hold and a journal entry whose unique idempotency key makes a replay a
 * no-op. Reservation is a conditional UPDATE, so the available balance (credits − captures −
 * active holds) can never go negative, however many requests race on one account.
 */
@Singleton
public class Ledger {

  private final TransactionOperations<Connection> tx;

  public Ledger(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /** Adds credits; {@code idempotencyKey} makes a repeated top-up a no-op. */
  public Balance credit(UUID accountId, long amountMicros, String idempotencyKey) {
    if (amountMicros <= 0) {
      throw new IllegalArgumentException("a credit must be positive");
    }
    try {
      return applyCredit(accountId, amountMicros, idempotencyKey);
    } catch (Exception e) { // the driver's SQLException arrives unwrapped
      if (isUniqueViolation(e)) { // the same top-up, committed concurrently: already applied
        return balance(accountId).orElseThrow(() -> new AccountNotFoundException(accountId));
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e);
    }
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private Balance applyCredit(UUID accountId, long amountMicros, String idempotencyKey) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          if (journalHas(c, idempotencyKey)) {
            return balance(c, accountId).orElseThrow();
          }
          Long available =
              single(
                  c,
                  "UPDATE accounts SET credits_micros = credits_micros + ? WHERE id = ?"
                      + " RETURNING credits_micros - captured_micros - reserved_micros",
                  amountMicros,
                  accountId);
          if (available == null) {
            throw new AccountNotFoundException(accountId);
          }
          journal(c, accountId, null, "credit", amountMicros, available, idempotencyKey);
          return balance(c, accountId).orElseThrow();
        });
  }

  /** Places the hold of a generation, or explains why not. Replays return the first outcome. */
  public ReserveResult reserve(UUID generationId, UUID accountId, long amountMicros) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          try {
            int placed =
                Sql.update(
                    c,
                    "INSERT INTO holds (generation_id, account_id, amount_micros, state)"
                        + " VALUES (?, ?, ?, 'active') ON CONFLICT (generation_id) DO NOTHING",
                    generationId,
                    accountId,
                    amountMicros);
            if (placed == 0) {
              // An earlier attempt placed it. If it is already settled, this is a generation run
              // a second time (a reset, or a workflow Temporal forgot): it must not run unpaid.
              String state =
                  Sql.one(c, "SELECT state FROM holds WHERE generation_id = ?", rs -> rs.getString(1), generationId)
                      .orElseThrow();
              return state.equals("active")
                  ? new ReserveResult(true, null, null)
                  : new ReserveResult(
                      false, "ALREADY_SETTLED", "this generation was already settled and cannot run again");
            }
          } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) { // foreign key: no such account
              status.setRollbackOnly();
              return new ReserveResult(false, "ACCOUNT_NOT_FOUND", "the account does not exist");
            }
            throw e;
          }
          Long available =
              single(
                  c,
                  "UPDATE accounts SET reserved_micros = reserved_micros + ?"
                      + " WHERE id = ? AND credits_micros - captured_micros - reserved_micros >= ?"
                      + " RETURNING credits_micros - captured_micros - reserved_micros",
                  amountMicros,
                  accountId,
                  amountMicros);
          if (available == null) {
            status.setRollbackOnly();
            return new ReserveResult(
                false,
                "INSUFFICIENT_CREDITS",
                "the available balance is below the estimated cost of this generation");
          }
          journal(c, accountId, generationId, "reserve", amountMicros, available, generationId + ":reserve");
          GenerationEvents.append(
              c, generationId, "admitted", "admitted", GenerationEvents.fields("amount_micros", amountMicros));
          return new ReserveResult(true, null, null);
        });
  }

  /**
   * Settles an active hold: charges {@code min(actualCost, hold)} and returns the rest to the
   * available balance. A replay, or a capture after a release, changes nothing and answers what
   * was settled.
   */
  public CaptureResult capture(UUID generationId, long actualCostMicros) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          Hold hold = lockHold(c, generationId).orElseThrow(() -> new HoldNotFoundException(generationId));
          if (!hold.state().equals("active")) {
            long captured = hold.capturedMicros() == null ? 0 : hold.capturedMicros();
            return new CaptureResult(captured, hold.amountMicros() - captured);
          }
          long captured = Math.max(0, Math.min(actualCostMicros, hold.amountMicros()));
          long released = hold.amountMicros() - captured;
          Long available =
              single(
                  c,
                  "UPDATE accounts SET captured_micros = captured_micros + ?,"
                      + " reserved_micros = reserved_micros - ? WHERE id = ?"
                      + " RETURNING credits_micros - captured_micros - reserved_micros",
                  captured,
                  hold.amountMicros(),
                  hold.accountId());
          journal(c, hold.accountId(), generationId, "capture", captured, available - released, generationId + ":capture");
          if (released > 0) {
            journal(c, hold.accountId(), generationId, "release", released, available, generationId + ":release");
          }
          Sql.update(
              c,
              "UPDATE holds SET state = 'captured', captured_micros = ?, settled_at = now()"
                  + " WHERE generation_id = ?",
              captured,
              generationId);
          settledEvent(c, generationId, captured, released);
          return new CaptureResult(captured, released);
        });
  }

  /** Releases the whole hold if it is still active; answers the amount released now. */
  public long release(UUID generationId) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          Optional<Hold> found = lockHold(c, generationId);
          if (found.isEmpty() || !found.get().state().equals("active")) {
            return 0L; // never reserved, or already settled
          }
          Hold hold = found.get();
          Long available =
              single(
                  c,
                  "UPDATE accounts SET reserved_micros = reserved_micros - ? WHERE id = ?"
                      + " RETURNING credits_micros - captured_micros - reserved_micros",
                  hold.amountMicros(),
                  hold.accountId());
          journal(c, hold.accountId(), generationId, "release", hold.amountMicros(), available, generationId + ":release");
          Sql.update(
              c,
              "UPDATE holds SET state = 'released', captured_micros = 0, settled_at = now()"
                  + " WHERE generation_id = ?",
              generationId);
          settledEvent(c, generationId, 0, hold.amountMicros());
          return hold.amountMicros();
        });
  }

  public Optional<Balance> balance(UUID accountId) {
    return tx.executeRead(status -> balance(status.getConnection(), accountId));
  }

  /** The account's journal, newest first. */
  public List<LedgerEntry> entries(UUID accountId, int limit) {
    return entries(accountId, Long.MAX_VALUE, limit);
  }

  /** A page of the account's journal, newest first, with ids below {@code beforeId}. */
  public List<LedgerEntry> entries(UUID accountId, long beforeId, int limit) {
    return tx.executeRead(
        status ->
            Sql.all(
                status.getConnection(),
                "SELECT id, generation_id, kind, amount_micros, balance_after_micros,"
                    + " idempotency_key, created_at FROM ledger_entries WHERE account_id = ?"
                    + " AND id < ? ORDER BY id DESC LIMIT ?",
                rs ->
                    new LedgerEntry(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant()),
                accountId,
                beforeId,
                limit));
  }

  /** On the generation's timeline: a hold settles once, by capture or by release. */
  private static void settledEvent(Connection c, UUID generationId, long captured, long released)
      throws SQLException {
    GenerationEvents.append(
        c,
        generationId,
        "settled",
        "settled",
        GenerationEvents.fields("captured_micros", captured, "released_micros", released));
  }

  private static Optional<Balance> balance(Connection c, UUID accountId) throws SQLException {
    return Sql.one(
        c,
        "SELECT credits_micros, captured_micros, reserved_micros FROM accounts WHERE id = ?",
        rs -> new Balance(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
        accountId);
  }

  private static Optional<Hold> lockHold(Connection c, UUID generationId) throws SQLException {
    return Sql.one(
        c,
        "SELECT account_id, amount_micros, state, captured_micros FROM holds"
            + " WHERE generation_id = ? FOR UPDATE",
        rs ->
            new Hold(
                rs.getObject(1, UUID.class),
                rs.getLong(2),
                rs.getString(3),
                rs.getObject(4, Long.class)),
        generationId);
  }

  private static boolean journalHas(Connection c, String idempotencyKey) throws SQLException {
    return Sql.one(c, "SELECT 1 FROM ledger_entries WHERE idempotency_key = ?", rs -> true, idempotencyKey)
        .isPresent();
  }

  private static void journal(
      Connection c,
      UUID accountId,
      UUID generationId,
      String kind,
      long amountMicros,
      long availableAfter,
      String idempotencyKey)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO ledger_entries (account_id, generation_id, kind, amount_micros,"
            + " balance_after_micros, idempotency_key) VALUES (?, ?, ?, ?, ?, ?)",
        accountId,
        generationId,
        kind,
        amountMicros,
        availableAfter,
        idempotencyKey);
  }

  /** The first column of the first row as a long, or null when there is no row. */
  private static Long single(Connection c, String sql, Object... args) throws SQLException {
    return Sql.one(c, sql, (ResultSet rs) -> rs.getLong(1), args).orElse(null);
  }

  private record Hold(UUID accountId, long amountMicros, String state, Long capturedMicros) {}

  /** An account's running totals, in micro-USD. */
  public record Balance(long creditsMicros, long capturedMicros, long reservedMicros) {
    /** What can still be reserved: credits − captures − active holds. */
    public long availableMicros() {
      return creditsMicros - capturedMicros - reservedMicros;
    }
  }

  /** One journal line. */
  public record LedgerEntry(
      long id,
      UUID generationId,
      String kind,
      long amountMicros,
      long balanceAfterMicros,
      String idempotencyKey,
      java.time.Instant createdAt) {}

  /** Thrown when a movement names an account that does not exist. */
  public static final class AccountNotFoundException extends RuntimeException {
    public AccountNotFoundException(UUID accountId) {
      super("account " + accountId + " does not exist");
    }
  }

  /** Thrown when a capture names a generation that never held credits. */
  public static final class HoldNotFoundException extends RuntimeException {
    public HoldNotFoundException(UUID generationId) {
      super("generation " + generationId + " has no hold to capture");
    }
  }
}
