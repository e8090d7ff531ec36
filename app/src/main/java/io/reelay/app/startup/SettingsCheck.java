package io.reelay.app.startup;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.reflect.ClassUtils;
import io.micronaut.context.env.Environment;
import io.micronaut.core.value.PropertyResolver;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.generations.VideoDelivery;
import io.reelay.app.roles.ProcessRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the settings a process cannot run without as it starts, so a typo stops it with a message
 * naming the setting. Left to the beans that use them, an API-only process would start and then
 * answer every request (or every video download) with 500.
 */
@Context
final class SettingsCheck {

  /** The commercial providers, each with an emulator in the reelay-emulators module. */
  static final List<String> PROVIDERS = List.of("vinci", "vibegen", "videogenapi", "venice");
  /**
   * A class of the reelay-emulators module. Where it is absent (the app's jar and image: a
   * production process) nothing serves /emulators/<provider> and the emulators' test keys mean
   * nothing; the tests, the harness and ./reelay up with emulators have it on the classpath.
   */
  static final String EMULATORS_MODULE = "io.reelay.emulators.EmulatorMigrations";

  SettingsCheck(
      @Value("${reelay.assets.store:local}") String assetStore,
      @Value("${reelay.simulator.enabled:false}") boolean simulator,
      @Value("${reelay.simulator.api-key:}") String simulatorKey,
      @Value("${reelay.log-format:plain}") String logFormat,
      Environment settings,
      BeanProvider<ProcessRoles> roles,
      BeanProvider<VideoDelivery> delivery,
      BeanProvider<GenerationStore> generations) {
    // the store is chosen by @Requires, which compares exactly: any other value leaves no store
    // at all, and the first bean that needs one fails with a message that does not say why
    if (!assetStore.equals("local") && !assetStore.equals("s3")) {
      throw new IllegalArgumentException(
          "reelay.assets.store (REELAY_ASSETS_STORE) must be local or s3 (lower case), not '" + assetStore + "'");
    }
    // logback.xml names its appenders after the formats: another value would silence every log line
    if (!logFormat.equals("plain") && !logFormat.equals("json")) {
      throw new IllegalArgumentException(
          "REELAY_LOG_FORMAT must be plain or json (lower case), not '" + logFormat + "'");
    }
    // there is no built-in key: an enabled simulator without one would take "Bearer " from anyone
    if (simulator && simulatorKey.isBlank()) {
      throw new IllegalArgumentException(
          "reelay.simulator.enabled is true but reelay.simulator.api-key (REELAY_SIM_API_KEY) is empty:"
              + " set a key (./reelay up generates one) or turn the simulator off");
    }
    if (!ClassUtils.isPresent(EMULATORS_MODULE, SettingsCheck.class.getClassLoader())) {
      List<String> problems = emulatorDefaults(settings);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }
    roles.get(); // reelay.roles
    delivery.get(); // reelay.assets.delivery, presigned-url-lifetime and the s3 settings
    generations.get(); // reelay.retention.default
  }

  /**
   * What of an enabled provider's settings still points at its emulator: an empty base URL (the
   * client would call this server's own /emulators/<provider>) unless micronaut.http.services
   * names the URL, or the emulator's test key (application.yml's default, {@code <provider>-test-key}).
   */
  static List<String> emulatorDefaults(PropertyResolver settings) {
    List<String> problems = new ArrayList<>();
    for (String provider : PROVIDERS) {
      String prefix = "reelay.providers." + provider + ".";
      String variable = "REELAY_" + provider.toUpperCase(Locale.ROOT) + "_";
      if (!settings.getProperty(prefix + "enabled", Boolean.class).orElse(false)) {
        continue;
      }
      boolean ownUrl = !settings.getProperty("micronaut.http.services." + provider + ".url", String.class).orElse("").isBlank();
      if (!ownUrl && settings.getProperty(prefix + "base-url", String.class).orElse("").isBlank()) {
        problems.add(
            prefix + "enabled is true but " + prefix + "base-url (" + variable + "BASE_URL) is empty: it would call this"
                + " server's /emulators/" + provider + ", which a production process does not serve; set the provider's URL");
      }
      String testKey = provider + "-test-key";
      if (settings.getProperty(prefix + "api-key", String.class).orElse("").equals(testKey)) {
        problems.add(
            prefix + "enabled is true but " + prefix + "api-key (" + variable + "API_KEY) is the emulator's test key '"
                + testKey + "': set the key the provider issued");
      }
    }
    return problems;
  }
}
