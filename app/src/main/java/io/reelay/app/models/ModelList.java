package io.reelay.app.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The models this server offers: GET /v1/models. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "ModelList")
public record ModelList(List<Model> data) {

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
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "Model")
  public record Model(
      String id,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String description,
      List<String> providers,
      boolean providerCallsBack,
      Durations durationSeconds,
      boolean imageToVideo,
      int maxReferenceImages,
      boolean cameraFixed,
      List<String> aspectRatios,
      List<String> resolutions,
      Map<String, BigDecimal> pricePerSecondUsd,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) BigDecimal audioPricePerSecondUsd,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "USD") String currency) {}

  /**
   * The durations a model makes, in seconds.
   *
   * @param allowed when not empty, the only durations it makes
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "ModelDurations")
  public record Durations(
      int min,
      int max,
      @JsonProperty("default") @Schema(name = "default", requiredMode = Schema.RequiredMode.REQUIRED) int defaultSeconds,
      List<Integer> allowed) {}
}
