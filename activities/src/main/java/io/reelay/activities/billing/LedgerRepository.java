package io.reelay.activities.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.reelay.activities.billing.Ledger.Balance;
import io.reelay.activities.billing.Ledger.LedgerEntry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The journal (ledger_entries) and the running totals on accounts. Each money move is a native
 * UPDATE ... RETURNING that answers the available balance after it, or no row when it did not
 * apply.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface LedgerRepository extends GenericRepository<LedgerEntry, Long> {

  boolean existsByIdempotencyKey(String idempotencyKey);

  @Query("SELECT credits_micros, captured_micros, reserved_micros FROM accounts WHERE id = :accountId")
  Optional<Balance> balance(UUID accountId);

  // native: keyset pagination on id, newest first
  @Query(
      "SELECT * FROM ledger_entries WHERE account_id = :accountId AND id < :beforeId"
          + " ORDER BY id DESC LIMIT :limit")
  List<LedgerEntry> entries(UUID accountId, long beforeId, int limit);

  // native: the journal line of a money move; its unique idempotency key refuses a replay
  @Query(
      "INSERT INTO ledger_entries (account_id, generation_id, kind, amount_micros,"
          + " balance_after_micros, idempotency_key) VALUES (:accountId, :generationId, :kind,"
          + " :amountMicros, :availableAfter, :idempotencyKey)")
  int journal(
      UUID accountId,
      @Nullable UUID generationId,
      String kind,
      long amountMicros,
      long availableAfter,
      String idempotencyKey);

  // native money move: no row when the account does not exist
  @Query(
      "UPDATE accounts SET credits_micros = credits_micros + :amountMicros WHERE id = :accountId"
          + " RETURNING credits_micros - captured_micros - reserved_micros")
  List<Long> addCredits(UUID accountId, long amountMicros);

  /** What {@link #reserve} did: moved the amount, placed the hold but found too little, or found a hold placed before. */
  String RESERVED = "reserved";
  String SHORT = "short";
  String PLACED_BEFORE = "placed before";
  /** The earlier hold's state, when it committed after {@link #reserve}'s snapshot: read it again. */
  String UNSEEN = "unseen";

  // native: a reserve in one round trip (it is on the create call's path). The hold is placed
  // first (ON CONFLICT: a replay places nothing); only a hold placed now moves money, by a
  // conditional UPDATE, so the available balance never goes negative under races (a concurrent
  // move is waited for and the condition checked again on its result); the journal line follows
  // the move. Answers RESERVED, SHORT (the hold is placed, still 'active': the caller marks it
  // refused) or PLACED_BEFORE and the earlier hold's state (UNSEEN when that hold committed after
  // this statement's snapshot was taken: the caller reads it again).
  @Query(
      "WITH placed AS (INSERT INTO holds (generation_id, account_id, amount_micros, state)"
          + " VALUES (:generationId, :accountId, :amountMicros, 'active')"
          + " ON CONFLICT (generation_id) DO NOTHING RETURNING generation_id),"
          + " moved AS (UPDATE accounts SET reserved_micros = reserved_micros + :amountMicros"
          + " WHERE id = :accountId AND credits_micros - captured_micros - reserved_micros >= :amountMicros"
          + " AND EXISTS (SELECT 1 FROM placed)"
          + " RETURNING credits_micros - captured_micros - reserved_micros AS available),"
          + " journaled AS (INSERT INTO ledger_entries (account_id, generation_id, kind, amount_micros,"
          + " balance_after_micros, idempotency_key)"
          + " SELECT :accountId, :generationId, 'reserve', :amountMicros, available, :idempotencyKey FROM moved"
          + " RETURNING id)"
          + " SELECT CASE WHEN EXISTS (SELECT 1 FROM journaled) THEN '" + RESERVED + "'"
          + " WHEN EXISTS (SELECT 1 FROM placed) THEN '" + SHORT + "'"
          + " ELSE '" + PLACED_BEFORE + " ' || coalesce((SELECT state FROM holds WHERE generation_id = :generationId),"
          + " '" + UNSEEN + "') END")
  String reserve(UUID generationId, UUID accountId, long amountMicros, String idempotencyKey);

  // native money move: charges the captured part and frees the whole hold
  @Query(
      "UPDATE accounts SET captured_micros = captured_micros + :capturedMicros,"
          + " reserved_micros = reserved_micros - :holdMicros WHERE id = :accountId"
          + " RETURNING credits_micros - captured_micros - reserved_micros")
  List<Long> capture(UUID accountId, long capturedMicros, long holdMicros);

  // native money move: frees the hold
  @Query(
      "UPDATE accounts SET reserved_micros = reserved_micros - :holdMicros WHERE id = :accountId"
          + " RETURNING credits_micros - captured_micros - reserved_micros")
  List<Long> release(UUID accountId, long holdMicros);
}
