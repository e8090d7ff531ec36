package io.reelay.activities.webhooks;

import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhook endpoints, messages, deliveries and attempts (migration V23). */
@Singleton
public class WebhookStore {

  /** A generation as webhooks need it: whose, where it is, and the URL its create call named. */
  public record GenerationTarget(UUID accountId, String status, String webhookUrl) {}

  /** One message: the body every attempt sends, under one webhook-id. */
  public record Message(String id, UUID generationId, UUID accountId, String eventType, String payload) {}

  /** One delivery of a message to a URL, with its message. */
  public record Delivery(
      UUID id,
      Message message,
      String url,
      String trigger,
      String status,
      String failureReason,
      Instant createdAt,
      Instant finishedAt) {}

  /** One attempt; finishedAt null while it runs (or if its worker died mid-call). */
  public record Attempt(
      int attempt, Instant startedAt, Instant finishedAt, Integer responseStatus, String error, Integer durationMs) {}

  private static final String DELIVERY_COLUMNS =
      "d.id, d.url, d.trigger, d.status, d.failure_reason, d.created_at, d.finished_at,"
          + " m.id AS message_id, m.generation_id, m.account_id, m.event_type, m.payload";

  private final TransactionOperations<Connection> tx;

  public WebhookStore(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  // ------------------------------------------------------------------ per-account default URL

  public Optional<String> defaultUrl(UUID accountId) {
    return read(
        c -> Sql.one(c, "SELECT url FROM webhook_endpoints WHERE account_id = ?", rs -> rs.getString(1), accountId));
  }

  public void setDefaultUrl(UUID accountId, String url) {
    write(
        c ->
            Sql.update(
                c,
                "INSERT INTO webhook_endpoints (account_id, url) VALUES (?, ?) ON CONFLICT (account_id)"
                    + " DO UPDATE SET url = excluded.url, updated_at = now()",
                accountId,
                url));
  }

  public boolean clearDefaultUrl(UUID accountId) {
    return write(c -> Sql.update(c, "DELETE FROM webhook_endpoints WHERE account_id = ?", accountId)) > 0;
  }

  // ------------------------------------------------------------------------------ generations

  public Optional<GenerationTarget> generation(UUID generationId) {
    return read(
        c ->
            Sql.one(
                c,
                "SELECT account_id, status, webhook_url FROM generations WHERE id = ?",
                rs -> new GenerationTarget(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                generationId));
  }

  // --------------------------------------------------------------------- messages, deliveries

  /** The generation's message of this type, written once: a retried write keeps the first body. */
  public Message message(String id, UUID generationId, UUID accountId, String eventType, String payload) {
    return write(
        c -> {
          Sql.update(
              c,
              "INSERT INTO webhook_messages (id, generation_id, account_id, event_type, payload)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              id,
              generationId,
              accountId,
              eventType,
              payload);
          return Sql.one(
                  c,
                  "SELECT id, generation_id, account_id, event_type, payload FROM webhook_messages"
                      + " WHERE generation_id = ? AND event_type = ?",
                  WebhookStore::message,
                  generationId,
                  eventType)
              .orElseThrow();
        });
  }

  public Optional<Message> existingMessage(UUID generationId, String eventType) {
    return read(
        c ->
            Sql.one(
                c,
                "SELECT id, generation_id, account_id, event_type, payload FROM webhook_messages"
                    + " WHERE generation_id = ? AND event_type = ?",
                WebhookStore::message,
                generationId,
                eventType));
  }

  /** Records a delivery; the same id twice (a retried activity) records it once. */
  public Delivery createDelivery(UUID id, Message message, String url, String trigger) {
    return write(
        c -> {
          Sql.update(
              c,
              "INSERT INTO webhook_deliveries (id, message_id, generation_id, account_id, url, trigger, status)"
                  + " VALUES (?, ?, ?, ?, ?, ?, 'sending') ON CONFLICT (id) DO NOTHING",
              id,
              message.id(),
              message.generationId(),
              message.accountId(),
              url,
              trigger);
          return delivery(c, id).orElseThrow();
        });
  }

  public int deliveryCount(UUID generationId) {
    return read(
        c ->
            Sql.one(
                    c,
                    "SELECT count(*) FROM webhook_deliveries WHERE generation_id = ?",
                    rs -> rs.getInt(1),
                    generationId)
                .orElse(0));
  }

  public Optional<Delivery> delivery(UUID id) {
    return read(c -> delivery(c, id));
  }

  /** A generation's deliveries, oldest first, each with its attempts. */
  public List<Delivery> deliveries(UUID accountId, UUID generationId) {
    return read(
        c ->
            Sql.all(
                c,
                "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d JOIN webhook_messages m"
                    + " ON m.id = d.message_id WHERE d.generation_id = ? AND d.account_id = ?"
                    + " ORDER BY d.created_at, d.id",
                WebhookStore::delivery,
                generationId,
                accountId));
  }

  public List<Attempt> attempts(UUID deliveryId) {
    return read(
        c ->
            Sql.all(
                c,
                "SELECT attempt, started_at, finished_at, response_status, error, duration_ms"
                    + " FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt",
                rs ->
                    new Attempt(
                        rs.getInt(1),
                        rs.getTimestamp(2).toInstant(),
                        instant(rs.getTimestamp(3)),
                        (Integer) rs.getObject(4),
                        rs.getString(5),
                        (Integer) rs.getObject(6)),
                deliveryId));
  }

  // ------------------------------------------------------------------------------- attempts

  public void attemptStarted(UUID deliveryId, int attempt) {
    write(
        c ->
            Sql.update(
                c,
                "INSERT INTO webhook_attempts (delivery_id, attempt) VALUES (?, ?)"
                    + " ON CONFLICT (delivery_id, attempt) DO UPDATE SET started_at = now(),"
                    + " finished_at = NULL, response_status = NULL, error = NULL, duration_ms = NULL",
                deliveryId,
                attempt));
  }

  public void attemptFinished(UUID deliveryId, int attempt, Integer responseStatus, String error, long durationMs) {
    write(
        c ->
            Sql.update(
                c,
                "UPDATE webhook_attempts SET finished_at = now(), response_status = ?, error = ?,"
                    + " duration_ms = ? WHERE delivery_id = ? AND attempt = ?",
                responseStatus,
                error,
                (int) Math.min(Integer.MAX_VALUE, durationMs),
                deliveryId,
                attempt));
  }

  /** Delivered: final, and never overwritten by a late failure. */
  public void markDelivered(UUID deliveryId) {
    write(
        c ->
            Sql.update(
                c,
                "UPDATE webhook_deliveries SET status = 'delivered', finished_at = now(), failure_reason = NULL"
                    + " WHERE id = ? AND status = 'sending'",
                deliveryId));
  }

  public void markFailed(UUID deliveryId, String reason) {
    write(
        c ->
            Sql.update(
                c,
                "UPDATE webhook_deliveries SET status = 'failed', finished_at = now(), failure_reason = ?"
                    + " WHERE id = ? AND status = 'sending'",
                reason,
                deliveryId));
  }

  // --------------------------------------------------------------------------------- mapping

  private static Optional<Delivery> delivery(Connection c, UUID id) throws SQLException {
    return Sql.one(
        c,
        "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d JOIN webhook_messages m"
            + " ON m.id = d.message_id WHERE d.id = ?",
        WebhookStore::delivery,
        id);
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getObject("id", UUID.class),
        new Message(
            rs.getString("message_id"),
            rs.getObject("generation_id", UUID.class),
            rs.getObject("account_id", UUID.class),
            rs.getString("event_type"),
            rs.getString("payload")),
        rs.getString("url"),
        rs.getString("trigger"),
        rs.getString("status"),
        rs.getString("failure_reason"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("finished_at")));
  }

  private static Message message(ResultSet rs) throws SQLException {
    return new Message(
        rs.getString("id"),
        rs.getObject("generation_id", UUID.class),
        rs.getObject("account_id", UUID.class),
        rs.getString("event_type"),
        rs.getString("payload"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    return tx.executeRead(status -> work.run(status.getConnection()));
  }

  private <T> T write(Work<T> work) {
    return tx.executeWrite(status -> work.run(status.getConnection()));
  }
}
