package io.reelay.app.billing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.api.FieldRules;
import io.reelay.app.api.Usd;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/**
 * POST /v1/quotes — the price of a generation before committing to it. A generation created with
 * the same parameters reserves exactly this amount; settlement bills the measured duration at the
 * same rate and never more.
 */
@Controller("/v1/quotes")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "billing")
@ApiKeyErrors
public class QuotesController {

  private final ApiAuth auth;
  private final ModelCatalog catalog;

  public QuotesController(ApiAuth auth, ModelCatalog catalog) {
    this.auth = auth;
    this.catalog = catalog;
  }

  @Post(consumes = MediaType.ALL)
  @Operation(operationId = "createQuote", summary = "The price of a generation", description = "A generation with the same parameters reserves exactly this amount.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QuoteRequest.class)))
  @ApiResponse(responseCode = "200", description = "The quote.", content = @Content(schema = @Schema(implementation = QuoteResponse.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: an invalid combination; param names the field.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public QuoteResponse quote(HttpRequest<?> request, @Parameter(hidden = true) @Body @Valid QuoteRequest body) {
    auth.account(request);
    // what the model offers is configuration: checked here, not by annotations
    ModelSpec model = catalog.require(body.model());
    int duration = body.durationSeconds() == null ? model.defaultDurationSeconds() : body.durationSeconds();
    FieldRules.inRange("duration_seconds", duration, model.minDurationSeconds(), model.maxDurationSeconds());
    if (!model.offersDuration(duration)) {
      throw ApiException.invalid(
          "duration_seconds",
          "duration_seconds must be one of " + model.allowedDurations() + " for " + model.id());
    }
    String resolution = FieldRules.oneOf("resolution", body.resolution(), model.defaultResolution(), model.resolutions());
    FieldRules.oneOf("aspect_ratio", body.aspectRatio(), model.defaultAspectRatio(), model.aspectRatios());
    boolean audio = Boolean.TRUE.equals(body.audio());
    if (audio && !model.offersAudio()) {
      throw ApiException.invalid("audio", model.id() + " does not offer audio");
    }
    return new QuoteResponse(
        Usd.of(model.estimateMicros(duration, resolution, audio)),
        "USD",
        model.id(),
        duration,
        resolution,
        audio,
        Usd.of(model.ratePerSecondMicros(resolution, audio)));
  }
}
