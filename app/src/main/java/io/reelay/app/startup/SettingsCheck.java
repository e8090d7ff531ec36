package io.reelay.app.startup;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.generations.VideoDelivery;
import io.reelay.app.roles.ProcessRoles;

/**
 * Reads the settings a process cannot run without as it starts, so a typo stops it with a message
 * naming the setting. Left to the beans that use them, an API-only process would start and then
 * answer every request (or every video download) with 500.
 */
@Context
final class SettingsCheck {

  SettingsCheck(
      @Value("${reelay.assets.store:local}") String assetStore,
      @Value("${reelay.simulator.enabled:false}") boolean simulator,
      @Value("${reelay.simulator.api-key:}") String simulatorKey,
      BeanProvider<ProcessRoles> roles,
      BeanProvider<VideoDelivery> delivery,
      BeanProvider<GenerationStore> generations) {
    // the store is chosen by @Requires, which compares exactly: any other value leaves no store
    // at all, and the first bean that needs one fails with a message that does not say why
    if (!assetStore.equals("local") && !assetStore.equals("s3")) {
      throw new IllegalArgumentException(
          "reelay.assets.store (REELAY_ASSETS_STORE) must be local or s3 (lower case), not '" + assetStore + "'");
    }
    // there is no built-in key: an enabled simulator without one would take "Bearer " from anyone
    if (simulator && simulatorKey.isBlank()) {
      throw new IllegalArgumentException(
          "reelay.simulator.enabled is true but reelay.simulator.api-key (REELAY_SIM_API_KEY) is empty:"
              + " set a key (./reelay up generates one) or turn the simulator off");
    }
    roles.get(); // reelay.roles
    delivery.get(); // reelay.assets.delivery, presigned-url-lifetime and the s3 settings
    generations.get(); // reelay.retention.default
  }
}
