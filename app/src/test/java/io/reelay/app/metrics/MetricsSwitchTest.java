package io.reelay.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.emulators.testing.EmbeddedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics without a key, and REELAY_METRICS_ENABLED: on by default; off, nothing is scraped
 * (404) and the process runs as before.
 */
class MetricsSwitchTest {

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedApp.startPostgres();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void onByDefaultWithoutAKey() throws Exception {
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, EmbeddedApp.apiOnly(postgres, dataDir))) {
      HttpResponse<String> metrics = get(server, "/metrics");
      assertEquals(200, metrics.statusCode(), metrics.body());
      assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      assertTrue(metrics.body().contains("\nreelay_money_reserved_total "), "Reelay's own meters are there");
      assertTrue(metrics.body().contains("\njvm_memory_used_bytes{"), "and the JVM's");
    }
  }

  @Test
  void offAnswers404AndTheApiStillWorks() throws Exception {
    Map<String, Object> off = EmbeddedApp.apiOnly(postgres, dataDir);
    off.put("micronaut.metrics.enabled", false);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, off)) {
      assertEquals(404, get(server, "/metrics").statusCode());
      assertEquals(401, get(server, "/v1/models").statusCode(), "the API answers as before (no key: 401)");
    }
  }

  private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
