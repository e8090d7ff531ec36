package io.reelay.app.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.value.MapPropertyResolver;
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.activities.providers.simulator.SimCallbackSender;
import io.reelay.app.roles.ProcessRoles;
import io.reelay.emulators.EmulatorMigrations;
import io.reelay.emulators.testing.EmbeddedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process with a mistyped setting does not start, and says which setting is wrong. */
class SettingsCheckTest {

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void anUnknownAssetStoreStopsTheStartNamingTheSetting() {
    String why = startFailure(Map.of("reelay.assets.store", "S3"));
    assertTrue(why.contains("REELAY_ASSETS_STORE") && why.contains("'S3'"), why);
  }

  @Test
  void anUnknownLogFormatStopsTheStart() {
    String why = startFailure(Map.of("reelay.log-format", "JSON"));
    assertTrue(why.contains("REELAY_LOG_FORMAT") && why.contains("'JSON'"), why);
  }

  @Test
  void anUnknownRoleStopsAnApiProcessAtStartNotAtItsFirstRequest() {
    String why = startFailure(Map.of("reelay.roles", "apu"));
    assertTrue(why.contains("REELAY_ROLES") && why.contains("'apu'"), why);
  }

  @Test
  void aBadDeliverySettingStopsTheStart() {
    String why = startFailure(Map.of("reelay.assets.delivery", "cdn"));
    assertTrue(why.contains("REELAY_ASSETS_DELIVERY"), why);
    String presignedOnLocal = startFailure(Map.of("reelay.assets.delivery", "presigned"));
    assertTrue(presignedOnLocal.contains("REELAY_ASSETS_STORE=s3"), presignedOnLocal);
  }

  @Test
  void anEnabledSimulatorWithoutAKeyStopsTheStart() {
    String why = startFailure(Map.of("reelay.simulator.enabled", true));
    assertTrue(why.contains("REELAY_SIM_API_KEY"), why);
  }

  @Test
  void rolesAreReadWithoutRegardToCase() throws Exception {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    properties.put("reelay.roles", "API");
    properties.put("reelay.simulator.enabled", true);
    properties.put("reelay.simulator.api-key", "sim-settings-test");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
      ApplicationContext context = server.getApplicationContext();
      assertTrue(context.getBean(ProcessRoles.class).api());
      // the simulator's callbacks come from API processes; "API" is one
      assertTrue(context.containsBean(SimCallbackSender.class));
      HttpResponse<String> models =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, models.statusCode(), "an API process serves the API: " + models.body());
    }
  }

  @Test
  void anEnabledProviderStillOnItsEmulatorsUrlOrTestKeyIsNamed() {
    // a production process: vinci with neither URL nor key set, venice with its URL and the test key
    Map<String, Object> production =
        Map.of(
            "reelay.providers.vinci.enabled", "true",
            "reelay.providers.vinci.base-url", "",
            "reelay.providers.vinci.api-key", "vinci-test-key",
            "reelay.providers.venice.enabled", "true",
            "reelay.providers.venice.base-url", "https://api.venice.example",
            "reelay.providers.venice.api-key", "venice-test-key");
    List<String> problems = SettingsCheck.emulatorDefaults(new MapPropertyResolver(production));
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("REELAY_VINCI_BASE_URL") && problems.get(0).contains("/emulators/vinci"), problems.get(0));
    assertTrue(problems.get(1).contains("REELAY_VINCI_API_KEY") && problems.get(1).contains("'vinci-test-key'"), problems.get(1));
    assertTrue(problems.get(2).contains("reelay.providers.venice.api-key (REELAY_VENICE_API_KEY)"), problems.get(2));
  }

  @Test
  void aProviderWithItsOwnUrlAndKeyOrDisabledPasses() {
    Map<String, Object> settings =
        Map.of(
            "reelay.providers.vibegen.enabled", "true",
            "reelay.providers.vibegen.base-url", "",
            // a url of its own wins over base-url
            "micronaut.http.services.vibegen.url", "https://api.vibegen.example",
            "reelay.providers.vibegen.api-key", "issued-key",
            "reelay.providers.videogenapi.enabled", "false",
            "reelay.providers.videogenapi.api-key", "videogenapi-test-key");
    assertEquals(List.of(), SettingsCheck.emulatorDefaults(new MapPropertyResolver(settings)));
  }

  @Test
  void theEmulatorsAreTheDecidingClassOnTheClasspath() {
    // the tests run with the emulators, so the emulator defaults are allowed here and refused where
    // the class is missing (the app's jar); a rename of the class must rename the check's name too
    assertEquals(EmulatorMigrations.class.getName(), SettingsCheck.EMULATORS_MODULE);
  }

  /** The messages of the exception that stopped the start, outermost first. */
  private static String startFailure(Map<String, Object> settings) {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    properties.putAll(settings);
    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> ApplicationContext.run(EmbeddedServer.class, properties).close());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
