package io.reelay.activities.providers;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/**
 * Maps our public model names onto each provider's own: {@code
 * reelay.providers.<provider>.models.<public-model>}, else the provider's default {@code
 * reelay.providers.<provider>.model}, else the public name unchanged. Providers that name
 * image-to-video models apart (Venice) set {@code image-models.<public-model>} or {@code
 * image-model}, which win when the job has a first frame. Read at submit time, so a
 * corrected mapping applies to generations already waiting to be submitted.
 */
@Singleton
public class UpstreamModels {

  private final Environment environment;

  public UpstreamModels(Environment environment) {
    this.environment = environment;
  }

  public String resolve(String provider, String publicModel, boolean imageToVideo) {
    String prefix = "reelay.providers." + provider + ".";
    if (imageToVideo) {
      var imageModel =
          property(prefix + "image-models." + publicModel).or(() -> property(prefix + "image-model"));
      if (imageModel.isPresent()) {
        return imageModel.get();
      }
    }
    return property(prefix + "models." + publicModel)
        .or(() -> property(prefix + "model"))
        .orElse(publicModel);
  }

  private java.util.Optional<String> property(String name) {
    return environment.getProperty(name, String.class).filter(value -> !value.isBlank());
  }
}
