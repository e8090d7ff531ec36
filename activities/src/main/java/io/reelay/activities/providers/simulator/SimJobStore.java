package io.reelay.activities.providers.simulator;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The simulated provider's jobs, in PostgreSQL so they outlive the process that serves them. */
@Singleton
public class SimJobStore {

  private static final String COLUMNS =
      "id, client_reference, model, prompt, duration_seconds, width, height, seed, delay_ms,"
          + " outcome, callback_url, canceled_at IS NOT NULL AS canceled,"
          + " (EXTRACT(EPOCH FROM (now() - created_at)) * 1000)::bigint AS elapsed_ms";

  private final TransactionOperations<Connection> tx;

  public SimJobStore(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  /** Inserts the job unless one with the same client reference exists; answers the stored job. */
  public SimJob insertOrGet(SimJob job) {
    return tx.executeWrite(
        status -> {
          Connection c = status.getConnection();
          boolean callsBack = job.callbackUrl() != null && !job.outcome().equals("never");
          Sql.update(
              c,
              "INSERT INTO sim_jobs (id, client_reference, model, prompt, duration_seconds,"
                  + " width, height, seed, delay_ms, outcome, callback_url, callback_state,"
                  + " callback_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  + " now() + make_interval(secs => ?)) ON CONFLICT (client_reference) DO NOTHING",
              job.id(),
              job.clientReference(),
              job.model(),
              job.prompt(),
              job.durationSeconds(),
              job.width(),
              job.height(),
              job.seed(),
              job.delayMillis(),
              job.outcome(),
              job.callbackUrl(),
              callsBack ? "pending" : "none",
              job.delayMillis() / 1000.0);
          return Sql.one(
                  c,
                  "SELECT " + COLUMNS + " FROM sim_jobs WHERE client_reference = ?",
                  SimJobStore::read,
                  job.clientReference())
              .orElseThrow();
        });
  }

  public Optional<SimJob> find(String id) {
    return tx.executeRead(
        status ->
            Sql.one(
                status.getConnection(),
                "SELECT " + COLUMNS + " FROM sim_jobs WHERE id = ?",
                SimJobStore::read,
                id));
  }

  /** Marks the job canceled; answers false when it does not exist. */
  public boolean cancel(String id) {
    return update("UPDATE sim_jobs SET canceled_at = COALESCE(canceled_at, now()) WHERE id = ?", id) == 1;
  }

  /**
   * Claims jobs whose callback is due, pushing their due time forward so that a crash while
   * sending leads to a later retry rather than a lost callback.
   */
  public List<SimJob> claimDueCallbacks(int limit, int leaseSeconds) {
    return tx.executeWrite(
        status ->
            Sql.all(
                status.getConnection(),
                "UPDATE sim_jobs SET callback_due_at = now() + make_interval(secs => ?)"
                    + " WHERE id IN (SELECT id FROM sim_jobs WHERE callback_state = 'pending'"
                    + " AND callback_due_at <= now() ORDER BY callback_due_at LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS,
                SimJobStore::read,
                leaseSeconds,
                limit));
  }

  public void callbackSent(String id) {
    update(
        "UPDATE sim_jobs SET callback_state = 'sent', callback_attempts = callback_attempts + 1"
            + " WHERE id = ?",
        id);
  }

  /** Schedules another try, or gives up after {@code maxAttempts}. */
  public void callbackFailed(String id, int retryInSeconds, int maxAttempts) {
    update(
        "UPDATE sim_jobs SET callback_attempts = callback_attempts + 1,"
            + " callback_due_at = now() + make_interval(secs => ?),"
            + " callback_state = CASE WHEN callback_attempts + 1 >= ? THEN 'gave_up'"
            + " ELSE 'pending' END WHERE id = ?",
        retryInSeconds,
        maxAttempts,
        id);
  }

  /** Checks again shortly: the job was due but its video is still rendering. */
  public void callbackNotReady(String id) {
    update(
        "UPDATE sim_jobs SET callback_due_at = now() + interval '500 milliseconds' WHERE id = ?",
        id);
  }

  private int update(String sql, Object... args) {
    return tx.executeWrite(status -> Sql.update(status.getConnection(), sql, args));
  }

  private static SimJob read(ResultSet rs) throws SQLException {
    return new SimJob(
        rs.getString("id"),
        rs.getString("client_reference"),
        rs.getString("model"),
        rs.getString("prompt"),
        rs.getInt("duration_seconds"),
        rs.getInt("width"),
        rs.getInt("height"),
        rs.getLong("seed"),
        rs.getLong("delay_ms"),
        rs.getString("outcome"),
        rs.getString("callback_url"),
        rs.getBoolean("canceled"),
        rs.getLong("elapsed_ms"));
  }
}
