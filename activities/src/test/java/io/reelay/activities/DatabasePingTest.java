package io.reelay.activities;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reelay.activities.testing.PostgresContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health check's database probe on a real PostgreSQL: up while it runs, down once stopped. */
class DatabasePingTest {

  @Test
  void answersWhileTheDatabaseRunsAndThrowsOnceItIsGone() throws Exception {
    // a short pool timeout: once the server is gone, asking for a connection fails fast
    PostgresContext db = PostgresContext.start(Map.of("datasources.default.connection-timeout", 2000));
    DatabasePing ping = db.bean(DatabasePing.class);
    try {
      assertDoesNotThrow(ping::ping);
      db.stopDatabase();
      assertThrows(RuntimeException.class, ping::ping);
    } finally {
      db.close();
    }
  }
}
