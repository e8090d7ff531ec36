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
import java.math.BigDecimal;
import java.util.LinkedHashMap;
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
  @ApiResponse(responseCode = "200", description = "The models.", content = @Content(schema = @Schema(implementation = ModelList.class)))
  public ModelList list(HttpRequest<?> request) {
    auth.account(request);
    return new ModelList(catalog.all().stream().map(ModelsController::view).toList());
  }

  private static ModelList.Model view(ModelSpec m) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    m.resolutions().forEach(r -> prices.put(r, Usd.of(m.pricePerSecondMicros().get(r))));
    return new ModelList.Model(
        m.id(),
        m.description(),
        m.providers(),
        m.providerCallsBack(),
        new ModelList.Durations(
            m.minDurationSeconds(), m.maxDurationSeconds(), m.defaultDurationSeconds(), m.allowedDurations()),
        m.imageToVideo(),
        m.maxReferenceImages(),
        m.cameraFixed(),
        m.aspectRatios(),
        m.resolutions(),
        prices,
        m.offersAudio() ? Usd.of(m.audioPricePerSecondMicros()) : null,
        "USD");
  }
}
