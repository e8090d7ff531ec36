package io.reelay.activities.generations;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.reelay.activities.generations.GenerationEvents.Event;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The generation_events table; every statement joins the caller's transaction. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface GenerationEventRepository extends GenericRepository<Event, UUID> {

  // native: an advisory lock, held until the transaction ends
  @Query("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:key))")
  Integer lockTimeline(String key);

  // native: the next seq, the end-of-timeline check and the dedupe in one statement
  @Query(
      "INSERT INTO generation_events (generation_id, seq, type, dedupe_key, data)"
          + " SELECT :generationId, COALESCE(MAX(seq), 0) + 1, :type, :dedupeKey, CAST(:dataJson AS jsonb)"
          + " FROM generation_events WHERE generation_id = :generationId"
          + " HAVING NOT COALESCE(BOOL_OR(type IN (:terminal)), false)"
          + " ON CONFLICT (generation_id, dedupe_key) DO NOTHING")
  int append(UUID generationId, String type, String dedupeKey, String dataJson, Collection<String> terminal);

  @Query(
      "SELECT generation_id, seq, type, at, data FROM generation_events"
          + " WHERE generation_id = :generationId AND seq > :afterSeq ORDER BY seq")
  List<Event> after(UUID generationId, int afterSeq);

  // native: many generations, each from its own position (a JSON object id -> last seq seen)
  @Query(
      "SELECT e.generation_id, e.seq, e.type, e.at, e.data FROM generation_events e"
          + " JOIN jsonb_each_text(CAST(:positionsJson AS jsonb)) AS w(generation_id, after_seq)"
          + " ON e.generation_id = CAST(w.generation_id AS uuid) AND e.seq > CAST(w.after_seq AS int)"
          + " ORDER BY e.generation_id, e.seq")
  List<Event> after(String positionsJson);
}
