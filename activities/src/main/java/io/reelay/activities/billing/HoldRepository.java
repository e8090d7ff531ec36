package io.reelay.activities.billing;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The holds table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface HoldRepository extends GenericRepository<Hold, UUID> {

  Optional<String> findStateByGenerationId(UUID generationId);

  /** Locks the hold until the transaction ends: one settlement at a time. */
  Optional<Hold> findByGenerationIdForUpdate(UUID generationId);

  /** The generations whose hold is still active, oldest first. */
  @Query("SELECT generation_id FROM holds WHERE state = 'active' ORDER BY created_at")
  List<UUID> activeGenerations();

  @Query("SELECT COALESCE(SUM(amount_micros), 0) FROM holds WHERE state = 'active'")
  long activeMicros();

  @Query(
      "SELECT count(*) FROM holds WHERE state = 'active'"
          + " AND created_at < now() - make_interval(secs => :olderThanSeconds)")
  long countActiveOlderThan(double olderThanSeconds);

  @Query(
      "UPDATE holds SET state = 'captured', captured_micros = :capturedMicros, settled_at = now()"
          + " WHERE generation_id = :generationId")
  int markCaptured(UUID generationId, long capturedMicros);

  @Query("UPDATE holds SET state = 'refused', settled_at = now() WHERE generation_id = :generationId")
  int markRefused(UUID generationId);

  @Query(
      "UPDATE holds SET state = 'released', captured_micros = 0, settled_at = now()"
          + " WHERE generation_id = :generationId")
  int markReleased(UUID generationId);
}
