package io.reelay.activities.providers.simulator;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;

/**
 * The simulator's injected faults in PostgreSQL ({@code V24__sim_chaos.sql}): extra callbacks,
 * claimed with a lease like the job's own callback, and the error bursts with their 5xx count.
 */
@Singleton
public class SimChaosStore {

  /** An extra callback that is due, with where to send it. */
  public record DueCallback(long id, String jobId, String kind, String status, String callbackUrl) {}

  private final TransactionOperations<Connection> tx;

  public SimChaosStore(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  public void schedule(String jobId, List<SimChaos.ExtraCallback> extras) {
    if (extras.isEmpty()) {
      return;
    }
    tx.executeWrite(
        status -> {
          for (SimChaos.ExtraCallback extra : extras) {
            Sql.update(
                status.getConnection(),
                "INSERT INTO sim_chaos_callbacks (job_id, kind, status, due_at)"
                    + " VALUES (?, ?, ?, now() + make_interval(secs => ?))",
                jobId,
                extra.kind(),
                extra.status(),
                extra.delayMillis() / 1000.0);
          }
          return null;
        });
  }

  /** Claims due extra callbacks, pushing their due time on so a crash only delays them. */
  public List<DueCallback> claimDue(int limit, int leaseSeconds) {
    return tx.executeWrite(
        status ->
            Sql.all(
                status.getConnection(),
                "UPDATE sim_chaos_callbacks c SET due_at = now() + make_interval(secs => ?)"
                    + " FROM sim_jobs j WHERE j.id = c.job_id AND c.id IN (SELECT id FROM sim_chaos_callbacks"
                    + " WHERE state = 'pending' AND due_at <= now() ORDER BY due_at LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED) RETURNING c.id, c.job_id, c.kind, c.status, j.callback_url",
                rs ->
                    new DueCallback(
                        rs.getLong("id"),
                        rs.getString("job_id"),
                        rs.getString("kind"),
                        rs.getString("status"),
                        rs.getString("callback_url")),
                leaseSeconds,
                limit));
  }

  /** Records an attempt's answer ({@code 0}: no answer): done on a 2xx, else retried soon. */
  public void attempted(long id, int httpStatus, int maxAttempts) {
    tx.executeWrite(
        status ->
            Sql.update(
                status.getConnection(),
                "UPDATE sim_chaos_callbacks SET attempts = attempts + 1, last_response = ?,"
                    + " due_at = now() + interval '2 seconds',"
                    + " state = CASE WHEN ? THEN 'sent' WHEN attempts + 1 >= ? THEN 'gave_up'"
                    + " ELSE 'pending' END WHERE id = ?",
                httpStatus == 0 ? null : httpStatus,
                httpStatus / 100 == 2,
                maxAttempts,
                id));
  }

  /** Counts one 5xx answered in the burst that began at {@code windowStartEpochSecond}. */
  public void countBurstError(long windowStartEpochSecond) {
    tx.executeWrite(
        status ->
            Sql.update(
                status.getConnection(),
                "INSERT INTO sim_chaos_bursts (window_start, errors) VALUES (to_timestamp(?), 1)"
                    + " ON CONFLICT (window_start) DO UPDATE SET errors = sim_chaos_bursts.errors + 1",
                windowStartEpochSecond));
  }
}
