package io.reelay.activities.billing;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.billing.LedgerAuditRepository.Billed;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * What an account used over a period. Money and seconds both come from the captures made in
 * the period (what was billed), requests from the generations created in it; everything is read
 * in one snapshot.
 */
@Singleton
public class UsageReports {

  private final LedgerRepository journal;
  private final LedgerAuditRepository reports;

  public UsageReports(LedgerRepository journal, LedgerAuditRepository reports) {
    this.journal = journal;
    this.reports = reports;
  }

  /**
   * @param requests       generations created in the period (refused creates not counted)
   * @param billedMillis   video time billed in the period (measured, capped at what was asked)
   * @param capturedMicros what was charged in the period
   * @param balance        the account's totals now
   */
  public record Usage(long requests, long billedMillis, long capturedMicros, Ledger.Balance balance) {}

  @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
  public Optional<Usage> usage(UUID accountId, int days) {
    return journal
        .balance(accountId)
        .map(
            balance -> {
              Billed billed = reports.billed(accountId, days);
              return new Usage(reports.requests(accountId, days), billed.billedMillis(), billed.capturedMicros(), balance);
            });
  }
}
