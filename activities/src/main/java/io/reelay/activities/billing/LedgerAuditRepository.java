package io.reelay.activities.billing;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.reelay.activities.billing.Ledger.LedgerEntry;
import java.util.List;
import java.util.UUID;

/**
 * The audit's and the usage report's queries: aggregates over accounts, holds, journal and
 * generations, native because each reads several tables at once.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface LedgerAuditRepository extends GenericRepository<LedgerEntry, Long> {

  /** An account's running totals beside what its journal and holds say. */
  @Introspected
  record AccountTotals(
      UUID id,
      long creditsMicros,
      long capturedMicros,
      long reservedMicros,
      long journalCredits,
      long journalCaptures,
      long activeHolds) {}

  /** A generation some check found, with what the check reports about it. */
  @Introspected
  record Finding(UUID accountId, UUID generationId, @Nullable String state, long amount) {}

  @Query(
      "SELECT a.id, a.credits_micros, a.captured_micros, a.reserved_micros,"
          + " COALESCE((SELECT sum(amount_micros) FROM ledger_entries e"
          + "   WHERE e.account_id = a.id AND e.kind = 'credit'), 0) AS journal_credits,"
          + " COALESCE((SELECT sum(amount_micros) FROM ledger_entries e"
          + "   WHERE e.account_id = a.id AND e.kind = 'capture'), 0) AS journal_captures,"
          + " COALESCE((SELECT sum(amount_micros) FROM holds h"
          + "   WHERE h.account_id = a.id AND h.state = 'active'), 0) AS active_holds"
          + " FROM accounts a")
  List<AccountTotals> accountTotals();

  @Query(
      "SELECT h.account_id, h.generation_id, h.state, 0 AS amount FROM holds h"
          + " JOIN ledger_entries cap ON cap.idempotency_key = h.generation_id || '\\:capture'"
          + " JOIN ledger_entries rel ON rel.idempotency_key = h.generation_id || '\\:release'"
          + " WHERE cap.amount_micros > 0 AND rel.amount_micros = h.amount_micros")
  List<Finding> capturedAndFullyReleased();

  /** Completed generations without exactly one capture and a captured hold (amount: captures). */
  @Query(
      "SELECT g.account_id, g.id AS generation_id, h.state, count(e.id) AS amount FROM generations g"
          + " LEFT JOIN ledger_entries e ON e.generation_id = g.id AND e.kind = 'capture'"
          + " LEFT JOIN holds h ON h.generation_id = g.id"
          + " WHERE g.status IN ('completed', 'expired') GROUP BY g.account_id, g.id, h.state"
          + " HAVING count(e.id) <> 1 OR h.state IS DISTINCT FROM 'captured'")
  List<Finding> completedNotCapturedOnce();

  /** Generations that did not finish but were charged (state: their status, amount: charged). */
  @Query(
      "SELECT g.account_id, g.id AS generation_id, g.status AS state, sum(e.amount_micros) AS amount"
          + " FROM generations g"
          + " JOIN ledger_entries e ON e.generation_id = g.id AND e.kind = 'capture'"
          + " WHERE g.status IN ('failed', 'canceled', 'rejected')"
          + " GROUP BY g.account_id, g.id, g.status HAVING sum(e.amount_micros) > 0")
  List<Finding> unfinishedButCharged();

  @Query("SELECT count(*) FROM accounts")
  long countAccounts();

  @Query("SELECT count(*) FROM generations")
  long countGenerations();

  /** Generations created in the last days, refused creates not counted. */
  @Query(
      "SELECT count(*) FROM generations WHERE account_id = :accountId AND status <> 'rejected'"
          + " AND created_at >= now() - make_interval(days => :days)")
  long requests(UUID accountId, int days);

  /** What the last days' captures charged, and the video time they billed. */
  @Introspected
  record Billed(long capturedMicros, long billedMillis) {}

  @Query(
      "SELECT COALESCE(sum(e.amount_micros), 0) AS captured_micros,"
          + " COALESCE(sum(LEAST(g.video_duration_ms, g.duration_seconds * 1000)), 0) AS billed_millis"
          + " FROM ledger_entries e LEFT JOIN generations g ON g.id = e.generation_id"
          + " WHERE e.account_id = :accountId AND e.kind = 'capture'"
          + " AND e.created_at >= now() - make_interval(days => :days)")
  Billed billed(UUID accountId, int days);
}
