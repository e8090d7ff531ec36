package io.reelay.activities.providers.simulator;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO sim_jobs (id, client_reference, model, prompt, duration_seconds,"
                      + " width, height, seed, delay_ms, outcome, callback_url, callback_state,"
                      + " callback_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      + " now() + make_interval(secs => ?)) ON CONFLICT (client_reference) DO NOTHING")) {
            ps.setString(1, job.id());
            ps.setString(2, job.clientReference());
            ps.setString(3, job.model());
            ps.setString(4, job.prompt());
            ps.setInt(5, job.durationSeconds());
            ps.setInt(6, job.width());
            ps.setInt(7, job.height());
            ps.setLong(8, job.seed());
            ps.setLong(9, job.delayMillis());
            ps.setString(10, job.outcome());
            ps.setString(11, job.callbackUrl());
            ps.setString(12, job.callbackUrl() == null || job.outcome().equals("never") ? "none" : "pending");
            ps.setDouble(13, job.delayMillis() / 1000.0);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM sim_jobs WHERE client_reference = ?")) {
            ps.setString(1, job.clientReference());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return read(rs);
            }
          }
        });
  }

  public Optional<SimJob> find(String id) {
    return tx.executeRead(
        status -> {
          try (PreparedStatement ps =
              status.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM sim_jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<SimJob>empty();
            }
          }
        });
  }

  /** Marks the job canceled; answers false when it does not exist. */
  public boolean cancel(String id) {
    return tx.executeWrite(
        status -> {
          try (PreparedStatement ps =
              status
                  .getConnection()
                  .prepareStatement(
                      "UPDATE sim_jobs SET canceled_at = COALESCE(canceled_at, now()) WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Claims jobs whose callback is due, pushing their due time forward so that a crash while
   * sending leads to a later retry rather than a lost callback.
   */
  public List<SimJob> claimDueCallbacks(int limit, int leaseSeconds) {
    return tx.executeWrite(
        status -> {
          try (PreparedStatement ps =
              status
                  .getConnection()
                  .prepareStatement(
                      "UPDATE sim_jobs SET callback_due_at = now() + make_interval(secs => ?)"
                          + " WHERE id IN (SELECT id FROM sim_jobs WHERE callback_state = 'pending'"
                          + " AND callback_due_at <= now() ORDER BY callback_due_at LIMIT ?"
                          + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
            ps.setInt(1, leaseSeconds);
            ps.setInt(2, limit);
            List<SimJob> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                due.add(read(rs));
              }
            }
            return due;
          }
        });
  }

  public void callbackSent(String id) {
    update("UPDATE sim_jobs SET callback_state = 'sent', callback_attempts = callback_attempts + 1 WHERE id = ?", id);
  }

  /** Schedules another try, or gives up after {@code maxAttempts}. */
  public void callbackFailed(String id, int retryInSeconds, int maxAttempts) {
    tx.executeWrite(
        status -> {
          try (PreparedStatement ps =
              status
                  .getConnection()
                  .prepareStatement(
                      "UPDATE sim_jobs SET callback_attempts = callback_attempts + 1,"
                          + " callback_due_at = now() + make_interval(secs => ?),"
                          + " callback_state = CASE WHEN callback_attempts + 1 >= ? THEN 'gave_up'"
                          + " ELSE 'pending' END WHERE id = ?")) {
            ps.setInt(1, retryInSeconds);
            ps.setInt(2, maxAttempts);
            ps.setString(3, id);
            return ps.executeUpdate();
          }
        });
  }

  /** Checks again shortly: the job was due but its video is still rendering. */
  public void callbackNotReady(String id) {
    update("UPDATE sim_jobs SET callback_due_at = now() + interval '500 milliseconds' WHERE id = ?", id);
  }

  private void update(String sql, String id) {
    tx.executeWrite(
        status -> {
          try (PreparedStatement ps = status.getConnection().prepareStatement(sql)) {
            ps.setString(1, id);
            return ps.executeUpdate();
          }
        });
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
