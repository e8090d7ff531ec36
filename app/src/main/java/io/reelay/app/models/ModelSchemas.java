package io.reelay.app.models;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The JSON shapes of GET /v1/models, for the OpenAPI document; {@link ModelsController} writes them. */
final class ModelSchemas {

  private ModelSchemas() {}

  /** The models this server offers. */
  @Schema(name = "ModelList")
  record ModelList(List<Model> data) {}

  /**
   * What a model can generate, within which limits, at what price.
   *
   * @param id what a create's model names
   * @param providers the route: the first serves, the next take over when it refuses or stalls
   * @param providerCallsBack whether the provider reports by webhook (else Reelay polls)
   * @param imageToVideo whether it takes image_url (or an uploaded first frame)
   * @param maxReferenceImages how many reference_image_urls it takes (0: none)
   * @param cameraFixed whether it takes camera_fixed
   * @param pricePerSecondUsd by resolution
   * @param audioPricePerSecondUsd the surcharge for audio; null when it offers none
   */
  @Schema(name = "Model")
  record Model(
      String id,
      @Nullable @Schema(requiredMode = REQUIRED) String description,
      List<String> providers,
      boolean providerCallsBack,
      Durations durationSeconds,
      boolean imageToVideo,
      int maxReferenceImages,
      boolean cameraFixed,
      List<String> aspectRatios,
      List<String> resolutions,
      Map<String, BigDecimal> pricePerSecondUsd,
      @Nullable @Schema(requiredMode = REQUIRED) BigDecimal audioPricePerSecondUsd,
      @Schema(requiredMode = REQUIRED, allowableValues = "USD") String currency) {}

  /**
   * The durations a model makes, in seconds.
   *
   * @param allowed when not empty, the only durations it makes
   */
  @Schema(name = "ModelDurations")
  record Durations(int min, int max, @Schema(name = "default", requiredMode = REQUIRED) int defaultSeconds, List<Integer> allowed) {}
}
