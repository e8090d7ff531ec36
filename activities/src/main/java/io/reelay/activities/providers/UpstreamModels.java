package io.reelay.activities.providers;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/**
 * Maps our public model names onto each provider's own: {@code
 * reelay.providers.<provider>.models.<public-model>}, else the provider's default {@code
 * reelay.providers.<provider>.model}, else the public name unchanged. Read at submit time, so a
 * corrected mapping applies to generations already waiting to be submitted.
 */
@Singleton
public class UpstreamModels {

  private final Environment environment;

  public UpstreamModels(Environment environment) {
    this.environment = environment;
  }

  public String resolve(String provider, String publicModel) {
    String prefix = "reelay.providers." + provider + ".";
    return environment
        .getProperty(prefix + "models." + publicModel, String.class)
        .or(() -> environment.getProperty(prefix + "model", String.class))
        .filter(name -> !name.isBlank())
        .orElse(publicModel);
  }
}
