package io.reelay.activities.billing;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.billing.LedgerAuditRepository.AccountTotals;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-derives every account's money from the journal and checks the invariants that must hold
 * whatever crashed: balance = credits − captures − active holds; a completed generation is
 * captured exactly once; a failed, canceled or refused one never; nothing is both captured and
 * fully released. Read-only, in one snapshot.
 */
@Singleton
public class LedgerAudit {

  private final LedgerAuditRepository audit;
  private final HoldRepository holds;

  public LedgerAudit(LedgerAuditRepository audit, HoldRepository holds) {
    this.audit = audit;
    this.holds = holds;
  }

  /** One broken invariant. */
  public record Violation(String check, UUID accountId, UUID generationId, String detail) {}

  /** What the SQL side of the audit found. */
  public record Findings(
      long accounts, long generations, List<UUID> activeHolds, List<Violation> violations) {}

  // one consistent snapshot for every query
  @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
  public Findings run() {
    List<Violation> violations = new ArrayList<>();
    for (AccountTotals totals : audit.accountTotals()) {
      accountTotals(totals).ifPresent(violations::add);
    }
    audit.capturedAndFullyReleased().forEach(
        f ->
            violations.add(
                new Violation(
                    "captured_and_fully_released",
                    f.accountId(),
                    f.generationId(),
                    "the generation was charged and also given its whole hold back")));
    audit.completedNotCapturedOnce().forEach(
        f ->
            violations.add(
                new Violation(
                    "completed_captured_once",
                    f.accountId(),
                    f.generationId(),
                    "completed with " + f.amount() + " captures, hold " + f.state())));
    audit.unfinishedButCharged().forEach(
        f ->
            violations.add(
                new Violation(
                    "unfinished_never_captured",
                    f.accountId(),
                    f.generationId(),
                    f.state() + " but charged " + f.amount() + " micro-USD")));
    return new Findings(audit.countAccounts(), audit.countGenerations(), holds.activeGenerations(), violations);
  }

  /** Whether a generation's hold is still active right now (outside the audit's snapshot). */
  @Transactional(readOnly = true)
  public boolean holdActive(UUID generationId) {
    return holds.findStateByGenerationId(generationId).map(Hold.ACTIVE::equals).orElse(false);
  }

  /** The running totals on each account must equal what its journal and holds say. */
  private static Optional<Violation> accountTotals(AccountTotals t) {
    if (t.creditsMicros() == t.journalCredits()
        && t.capturedMicros() == t.journalCaptures()
        && t.reservedMicros() == t.activeHolds()
        && t.creditsMicros() - t.capturedMicros() - t.reservedMicros() >= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "balance_equals_credits_minus_captures_minus_holds",
            t.id(),
            null,
            "account says credits " + t.creditsMicros() + ", captures " + t.capturedMicros()
                + ", holds " + t.reservedMicros() + "; journal says credits " + t.journalCredits()
                + ", captures " + t.journalCaptures() + ", active holds " + t.activeHolds()
                + " (micro-USD)"));
  }
}
