package io.reelay.app.models;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.api.Usd;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /v1/models — what can be generated, within which limits, at what price. */
@Controller("/v1/models")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "generations")
@ApiKeyErrors
public class ModelsController {

  private final ModelCatalog catalog;
  private final ApiAuth auth;

  public ModelsController(ModelCatalog catalog, ApiAuth auth) {
    this.catalog = catalog;
    this.auth = auth;
  }

  @Get
  @Operation(operationId = "listModels", summary = "The models: limits, inputs and prices")
  @ApiResponse(responseCode = "200", description = "The models.", content = @Content(schema = @Schema(implementation = ModelSchemas.ModelList.class)))
  public Map<String, Object> list(HttpRequest<?> request) {
    auth.account(request);
    List<Map<String, Object>> data =
        catalog.all().stream()
            .map(
                m -> {
                  Map<String, Object> view = new LinkedHashMap<>();
                  view.put("id", m.id());
                  view.put("description", m.description());
                  view.put("providers", m.providers());
                  view.put("provider_calls_back", m.providerCallsBack());
                  view.put(
                      "duration_seconds",
                      Map.of(
                          "min", m.minDurationSeconds(),
                          "max", m.maxDurationSeconds(),
                          "default", m.defaultDurationSeconds(),
                          "allowed", m.allowedDurations()));
                  view.put("image_to_video", m.imageToVideo());
                  view.put("max_reference_images", m.maxReferenceImages());
                  view.put("camera_fixed", m.cameraFixed());
                  view.put("aspect_ratios", m.aspectRatios());
                  view.put("resolutions", m.resolutions());
                  Map<String, Object> prices = new LinkedHashMap<>();
                  m.resolutions().forEach(r -> prices.put(r, Usd.of(m.pricePerSecondMicros().get(r))));
                  view.put("price_per_second_usd", prices);
                  view.put(
                      "audio_price_per_second_usd",
                      m.offersAudio() ? Usd.of(m.audioPricePerSecondMicros()) : null);
                  view.put("currency", "USD");
                  return view;
                })
            .toList();
    return Map.of("data", data);
  }
}
