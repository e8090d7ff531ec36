package io.reelay.emulators.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration of the app (in this module: activities and the emulators) as the emulator and
 * adapter tests run it in-process: on loopback (any free port unless the test sets one), against
 * a real PostgreSQL with migrations applied, and in the API role only, so no Temporal worker
 * starts. Here and not in a test tree, so the app's tests share it (they depend on this module
 * with test scope).
 */
public final class EmbeddedApp {

  private EmbeddedApp() {}

  /** A real PostgreSQL for one test class (a slow, busy machine may take its time to start it). */
  public static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start", e);
    }
  }

  /** A mutable map: tests add the emulator and adapter settings they need. */
  public static Map<String, Object> apiOnly(EmbeddedPostgres postgres, Path dataDir) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"));
    properties.put("datasources.default.username", "postgres");
    properties.put("datasources.default.password", "postgres");
    properties.put("datasources.default.driver-class-name", "org.postgresql.Driver");
    properties.put("datasources.default.dialect", "POSTGRES");
    properties.put("flyway.datasources.default.enabled", true);
    properties.put("reelay.data-dir", dataDir.toString());
    properties.put("reelay.roles", "api");
    return properties;
  }
}
