package io.reelay.harness.chaos;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * What the chaos checks read from the stack's PostgreSQL directly rather than through the API
 * under test: the ledger, the generations table, and the simulator's record of injected faults.
 * Jdbi maps the rows onto records by column name. The bench reads the ledger through it too.
 */
public final class StackDatabase {

  /** An account's money columns, in micro-USD. */
  public record AccountMoney(long credits, long captured, long reserved, long capturedInLedger) {}

  /** A generation's ledger entries: how many captures and how much they took. */
  public record Captures(int count, long micros) {}

  private record GenerationCaptures(String generationId, int count, long micros) {}

  private record GenerationPrompt(String id, String prompt) {}

  private record GenerationStatus(String id, String status) {}

  private record FaultCount(String kind, long count) {}

  private record Bursts(long bursts, long errors) {}

  private final Jdbi jdbi;

  public StackDatabase(String jdbcUrl) {
    this.jdbi = Jdbi.create(jdbcUrl, "postgres", "postgres");
    for (Class<?> row : List.of(AccountMoney.class, GenerationCaptures.class, GenerationPrompt.class, GenerationStatus.class, FaultCount.class, Bursts.class)) {
      jdbi.registerRowMapper(ConstructorMapper.factory(row));
    }
  }

  public Map<String, Captures> captures(String accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT generation_id::text AS generation_id, count(*) AS count, sum(amount_micros) AS micros"
                        + " FROM ledger_entries WHERE account_id = :account AND kind = 'capture' GROUP BY generation_id")
                .bind("account", UUID.fromString(accountId))
                .mapTo(GenerationCaptures.class)
                .collect(Collectors.toMap(GenerationCaptures::generationId, c -> new Captures(c.count(), c.micros()))));
  }

  public AccountMoney money(String accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT credits_micros AS credits, captured_micros AS captured, reserved_micros AS reserved,"
                        + " (SELECT coalesce(sum(amount_micros), 0) FROM ledger_entries WHERE account_id = a.id"
                        + " AND kind = 'capture') AS captured_in_ledger FROM accounts a WHERE id = :account")
                .bind("account", UUID.fromString(accountId))
                .mapTo(AccountMoney.class)
                .one());
  }

  /** The prompt of every generation the account has (as its workflow recorded it), by id. */
  Map<String, String> prompts(String accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id::text AS id, prompt FROM generations WHERE account_id = :account")
                .bind("account", UUID.fromString(accountId))
                .mapTo(GenerationPrompt.class)
                .collect(Collectors.toMap(GenerationPrompt::id, GenerationPrompt::prompt)));
  }

  /** The status of every generation of the account whose prompt starts so, by id. */
  public Map<String, String> statuses(String accountId, String promptPrefix) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id::text AS id, status FROM generations WHERE account_id = :account"
                        + " AND starts_with(prompt, :prefix)")
                .bind("account", UUID.fromString(accountId))
                .bind("prefix", promptPrefix)
                .mapTo(GenerationStatus.class)
                .collect(Collectors.toMap(GenerationStatus::id, GenerationStatus::status)));
  }

  /** How many generations of the account completed within [from, to] (by their completed_at). */
  public long completedBetween(String accountId, Instant from, Instant to) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM generations WHERE account_id = :account AND status = 'completed'"
                        + " AND completed_at BETWEEN :from AND :to")
                .bind("account", UUID.fromString(accountId))
                .bind("from", from)
                .bind("to", to)
                .mapTo(Long.class)
                .one());
  }

  /** The simulator's faults (V24): callbacks that reached Reelay at least once, and 5xx bursts. */
  Map<String, Long> simulatorFaults() {
    Map<String, Long> faults = new LinkedHashMap<>();
    faults.put("duplicate callbacks", 0L);
    faults.put("late callbacks", 0L);
    faults.put("out-of-order callbacks", 0L);
    jdbi.useHandle(
        h -> {
          h.createQuery("SELECT kind, count(*) AS count FROM sim_chaos_callbacks WHERE attempts > 0 GROUP BY kind")
              .mapTo(FaultCount.class)
              .forEach(fault -> faults.put(fault.kind().replace('_', '-') + " callbacks", fault.count()));
          Bursts bursts =
              h.createQuery("SELECT count(*) AS bursts, coalesce(sum(errors), 0) AS errors FROM sim_chaos_bursts")
                  .mapTo(Bursts.class)
                  .one();
          faults.put("5xx bursts", bursts.bursts());
          faults.put("5xx answers in bursts", bursts.errors());
        });
    return faults;
  }

  /** Callbacks (the real ones and the chaos ones) the simulator gave up on because Reelay refused them. */
  List<String> refusedCallbacks() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT 'callback for ' || id || ' (' || callback_attempts || ' attempts)' FROM sim_jobs"
                        + " WHERE callback_state = 'gave_up'"
                        + " UNION ALL SELECT kind || ' callback for ' || job_id || ' claiming ' || status || ': last answer '"
                        + " || coalesce(last_response::text, 'none') FROM sim_chaos_callbacks WHERE state = 'gave_up'")
                .mapTo(String.class)
                .list());
  }

  /** Chaos callbacks not sent yet (late ones may be due a minute after their job ended). */
  long pendingChaosCallbacks() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM sim_chaos_callbacks WHERE state = 'pending'").mapTo(Long.class).one());
  }
}
