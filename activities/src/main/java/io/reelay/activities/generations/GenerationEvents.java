package io.reelay.activities.generations;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The timeline of each generation (table generation_events), which API clients read and stream.
 * Writers append inside the transaction of the state change an event describes; where there is
 * none, {@link #record} uses a transaction of its own.
 *
 * <p>Kept here for every writer: an event is stored once per dedupe key (activities are retried,
 * providers repeat callbacks), seq grows in commit order within a generation, and nothing
 * follows a terminal event (a late callback or a replayed write cannot reopen a timeline).
 */
@Singleton
public class GenerationEvents {

  /** The event types that end a timeline; a generation has at most one of them. */
  public static final Set<String> TERMINAL = Set.of("completed", "failed", "canceled", "rejected");

  private static final String TERMINAL_SQL = "'completed', 'failed', 'canceled', 'rejected'";

  /** One stored event; {@code dataJson} is a JSON object of the type's own fields. */
  public record Event(UUID generationId, int seq, String type, Instant at, String dataJson) {
    public boolean terminal() {
      return TERMINAL.contains(type);
    }
  }

  private final TransactionOperations<Connection> tx;

  public GenerationEvents(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /**
   * Appends an event in the caller's transaction. Answers false when it was not stored: its
   * dedupe key is already there, or the timeline has ended.
   *
   * @param data the event's fields: strings, numbers or booleans (nulls are left out)
   */
  public static boolean append(
      Connection c, UUID generationId, String type, String dedupeKey, Map<String, ?> data)
      throws SQLException {
    // One writer per generation until commit, so the next seq is taken in commit order and a
    // reader that remembers the last seq it saw never skips a late commit. Taken last in every
    // writer's transaction (after its row locks), so it cannot close a lock cycle.
    Sql.one(c, "SELECT pg_advisory_xact_lock(hashtext(?))", rs -> true, "generation-events/" + generationId);
    List<Object> args = new ArrayList<>(List.of(generationId, type, dedupeKey));
    StringJoiner fields = new StringJoiner(", ", "jsonb_build_object(", ")");
    for (Map.Entry<String, ?> field : data.entrySet()) {
      if (field.getValue() != null) {
        fields.add("?::text, ?");
        args.add(field.getKey());
        args.add(field.getValue());
      }
    }
    args.add(generationId);
    return Sql.update(
            c,
            "INSERT INTO generation_events (generation_id, seq, type, dedupe_key, data)"
                + " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, " + fields
                + " FROM generation_events WHERE generation_id = ?"
                + " HAVING NOT COALESCE(BOOL_OR(type IN (" + TERMINAL_SQL + ")), false)"
                + " ON CONFLICT (generation_id, dedupe_key) DO NOTHING",
            args.toArray())
        == 1;
  }

  /** {@link #append} in a transaction of its own, for writers that have none. */
  public boolean record(UUID generationId, String type, String dedupeKey, Map<String, ?> data) {
    return tx.executeWrite(status -> append(status.getConnection(), generationId, type, dedupeKey, data));
  }

  /** Event fields from alternating names and values, in that order; null values are left out. */
  public static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return fields;
  }

  /** A generation's events with seq above {@code afterSeq}, in order. */
  public List<Event> after(UUID generationId, int afterSeq) {
    return tx.executeRead(
        status ->
            Sql.all(
                status.getConnection(),
                "SELECT generation_id, seq, type, at, data::text FROM generation_events"
                    + " WHERE generation_id = ? AND seq > ? ORDER BY seq",
                GenerationEvents::read,
                generationId,
                afterSeq));
  }

  /**
   * The new events of many generations in one query (for the stream poller): for each generation
   * those with seq above its position, in order.
   */
  public List<Event> after(Map<UUID, Integer> positions) {
    if (positions.isEmpty()) {
      return List.of();
    }
    UUID[] ids = positions.keySet().toArray(UUID[]::new);
    Integer[] after = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      after[i] = positions.get(ids[i]);
    }
    return tx.executeRead(
        status -> {
          Connection c = status.getConnection();
          return Sql.all(
              c,
              "SELECT e.generation_id, e.seq, e.type, e.at, e.data::text FROM generation_events e"
                  + " JOIN unnest(?::uuid[], ?::int[]) AS w(generation_id, after_seq)"
                  + " ON e.generation_id = w.generation_id AND e.seq > w.after_seq"
                  + " ORDER BY e.generation_id, e.seq",
              GenerationEvents::read,
              c.createArrayOf("uuid", ids),
              c.createArrayOf("int4", after));
        });
  }

  private static Event read(ResultSet rs) throws SQLException {
    return new Event(
        rs.getObject(1, UUID.class),
        rs.getInt(2),
        rs.getString(3),
        rs.getObject(4, OffsetDateTime.class).toInstant(),
        rs.getString(5));
  }
}
