package io.reelay.activities.billing;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.AfterCommit;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.activities.generations.GenerationMetrics;
import io.reelay.workflows.generation.LedgerActivities.CaptureResult;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The only code that moves money. Each movement is one transaction that writes the account's
 * running totals, the hold and a journal entry whose unique idempotency key makes a replay a
 * no-op. Reservation is a conditional UPDATE, so the available balance (credits − captures −
 * active holds) can never go negative, however many requests race on one account.
 *
 * <p>How each method keeps it: {@link #credit} adds to the credits and journals once per key;
 * {@link #reserve} places the hold first (a replay finds it placed) and then moves the amount
 * into the reserved total only if the available balance covers it, else marks the hold refused
 * (no money moved; a replay answers the same refusal);
 * {@link #capture} and {@link #release} lock the hold, settle it only while it is active, and
 * take the whole hold out of the reserved total, charging at most the hold.
 */
@Singleton
public class Ledger {

  private final LedgerRepository journal;
  private final HoldRepository holds;
  private final GenerationEvents events;
  private final TransactionOperations<Connection> tx;
  private final MoneyMetrics metrics;
  private final GenerationMetrics generationMetrics;
  private final AfterCommit afterCommit;

  public Ledger(
      LedgerRepository journal,
      HoldRepository holds,
      GenerationEvents events,
      TransactionOperations<Connection> tx,
      MoneyMetrics metrics,
      GenerationMetrics generationMetrics,
      AfterCommit afterCommit) {
    this.journal = journal;
    this.holds = holds;
    this.events = events;
    this.tx = tx;
    this.metrics = metrics;
    this.generationMetrics = generationMetrics;
    this.afterCommit = afterCommit;
  }

  /** Adds credits; {@code idempotencyKey} makes a repeated top-up a no-op. */
  public Balance credit(UUID accountId, long amountMicros, String idempotencyKey) {
    if (amountMicros <= 0) {
      throw new IllegalArgumentException("a credit must be positive");
    }
    try {
      // a transaction of its own (not @Transactional): a unique violation ends it, and the
      // answer is then read in another
      return tx.executeWrite(status -> applyCredit(accountId, amountMicros, idempotencyKey));
    } catch (RuntimeException e) {
      if (isSqlState(e, "23505")) { // the same top-up, committed concurrently: already applied
        return balance(accountId).orElseThrow(() -> new AccountNotFoundException(accountId));
      }
      throw e;
    }
  }

  private Balance applyCredit(UUID accountId, long amountMicros, String idempotencyKey) {
    if (journal.existsByIdempotencyKey(idempotencyKey)) {
      return journal.balance(accountId).orElseThrow();
    }
    long available =
        first(journal.addCredits(accountId, amountMicros))
            .orElseThrow(() -> new AccountNotFoundException(accountId));
    journal.journal(accountId, null, "credit", amountMicros, available, idempotencyKey);
    return journal.balance(accountId).orElseThrow();
  }

  private static final ReserveResult INSUFFICIENT_CREDITS =
      new ReserveResult(
          false, "INSUFFICIENT_CREDITS", "the available balance is below the estimated cost of this generation");

  /**
   * Places the hold of a generation, or explains why not. Replays return the first outcome. One
   * statement places the hold, moves the money and journals it (LedgerRepository#reserve); the
   * event follows in the same transaction.
   */
  @Transactional
  public ReserveResult reserve(UUID generationId, UUID accountId, long amountMicros) {
    String outcome;
    try {
      outcome = journal.reserve(generationId, accountId, amountMicros, generationId + ":reserve");
    } catch (DataAccessException e) {
      if (isSqlState(e, "23503")) { // foreign key: no such account
        rollbackOnly();
        return new ReserveResult(false, "ACCOUNT_NOT_FOUND", "the account does not exist");
      }
      throw e;
    }
    if (outcome.startsWith(LedgerRepository.PLACED_BEFORE)) {
      // An earlier attempt placed it. If it is already settled, this is a generation run
      // a second time (a reset, or a workflow Temporal forgot): it must not run unpaid.
      String state = outcome.substring(LedgerRepository.PLACED_BEFORE.length() + 1);
      if (state.equals(LedgerRepository.UNSEEN)) {
        state = holds.findStateByGenerationId(generationId).orElseThrow();
      }
      return switch (state) {
        case Hold.ACTIVE -> new ReserveResult(true, null, null);
        case Hold.REFUSED -> INSUFFICIENT_CREDITS;
        default ->
            new ReserveResult(false, "ALREADY_SETTLED", "this generation was already settled and cannot run again");
      };
    }
    if (outcome.equals(LedgerRepository.SHORT)) {
      // kept as a refused hold (no money moved): the create call and the workflow both reserve,
      // and the second must get the same refusal even if credits arrived in between
      holds.markRefused(generationId);
      return INSUFFICIENT_CREDITS;
    }
    if (!outcome.equals(LedgerRepository.RESERVED)) {
      throw new IllegalStateException("unexpected reserve outcome " + outcome);
    }
    afterCommit.run(() -> metrics.reserved(amountMicros));
    events.record(generationId, "admitted", "admitted", GenerationEvents.fields("amount_micros", amountMicros));
    return new ReserveResult(true, null, null);
  }

  /**
   * Settles an active hold: charges {@code min(actualCost, hold)} and returns the rest to the
   * available balance. A replay, or a capture after a release, changes nothing and answers what
   * was settled.
   */
  @Transactional
  public CaptureResult capture(UUID generationId, long actualCostMicros) {
    long started = System.nanoTime();
    Hold hold = holds.findByGenerationIdForUpdate(generationId).orElseThrow(() -> new HoldNotFoundException(generationId));
    if (!hold.active()) {
      long captured = hold.capturedMicros() == null ? 0 : hold.capturedMicros();
      return new CaptureResult(captured, hold.amountMicros() - captured);
    }
    long captured = Math.max(0, Math.min(actualCostMicros, hold.amountMicros()));
    long released = hold.amountMicros() - captured;
    long available = first(journal.capture(hold.accountId(), captured, hold.amountMicros())).orElseThrow();
    journal.journal(hold.accountId(), generationId, "capture", captured, available - released, generationId + ":capture");
    if (released > 0) {
      journal.journal(hold.accountId(), generationId, "release", released, available, generationId + ":release");
    }
    holds.markCaptured(generationId, captured);
    settledEvent(generationId, captured, released);
    settled(started, captured, released);
    return new CaptureResult(captured, released);
  }

  /** Releases the whole hold if it is still active; answers the amount released now. */
  @Transactional
  public long release(UUID generationId) {
    long started = System.nanoTime();
    Optional<Hold> found = holds.findByGenerationIdForUpdate(generationId);
    if (found.isEmpty() || !found.get().active()) {
      return 0L; // never reserved, or already settled
    }
    Hold hold = found.get();
    long available = first(journal.release(hold.accountId(), hold.amountMicros())).orElseThrow();
    journal.journal(hold.accountId(), generationId, "release", hold.amountMicros(), available, generationId + ":release");
    holds.markReleased(generationId);
    settledEvent(generationId, 0, hold.amountMicros());
    settled(started, 0, hold.amountMicros());
    return hold.amountMicros();
  }

  @Transactional(readOnly = true)
  public Optional<Balance> balance(UUID accountId) {
    return journal.balance(accountId);
  }

  /** The account's journal, newest first. */
  public List<LedgerEntry> entries(UUID accountId, int limit) {
    return entries(accountId, Long.MAX_VALUE, limit);
  }

  /** A page of the account's journal, newest first, with ids below {@code beforeId}. */
  @Transactional(readOnly = true)
  public List<LedgerEntry> entries(UUID accountId, long beforeId, int limit) {
    return journal.entries(accountId, beforeId, limit);
  }

  /** On the generation's timeline: a hold settles once, by capture or by release. */
  private void settledEvent(UUID generationId, long captured, long released) {
    events.record(
        generationId,
        "settled",
        "settled",
        GenerationEvents.fields("captured_micros", captured, "released_micros", released));
  }

  /** Counted once the settlement commits: a hold settles once, so this runs once per generation. */
  private void settled(long startedNanos, long captured, long released) {
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    afterCommit.run(
        () -> {
          if (captured > 0) {
            metrics.captured(captured);
          }
          if (released > 0) {
            metrics.released(released);
          }
          generationMetrics.step(GenerationMetrics.Step.SETTLE, took);
        });
  }

  /** A reserve for an unknown account answers normally but must leave nothing behind. */
  private void rollbackOnly() {
    tx.findTransactionStatus().ifPresent(TransactionStatus::setRollbackOnly);
  }

  /**
   * The row an UPDATE ... RETURNING answered, if it applied. (The repository answers a list:
   * Micronaut Data 4.14 answers null, not an empty Optional, when such an update touched no row.)
   */
  private static Optional<Long> first(List<Long> returned) {
    return returned.stream().findFirst();
  }

  private static boolean isSqlState(Throwable e, String sqlState) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** An account's running totals, in micro-USD. */
  @Introspected
  public record Balance(long creditsMicros, long capturedMicros, long reservedMicros) {
    /** What can still be reserved: credits − captures − active holds. */
    public long availableMicros() {
      return creditsMicros - capturedMicros - reservedMicros;
    }
  }

  /** One journal line. */
  @MappedEntity("ledger_entries")
  public record LedgerEntry(
      @Id long id,
      @Nullable UUID generationId,
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
