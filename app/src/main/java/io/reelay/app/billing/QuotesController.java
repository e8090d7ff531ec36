package io.reelay.app.billing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.api.JsonFields;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  private static final Set<String> FIELDS =
      Set.of("model", "duration_seconds", "resolution", "audio", "aspect_ratio");

  private final ApiAuth auth;
  private final ModelCatalog catalog;

  public QuotesController(ApiAuth auth, ModelCatalog catalog) {
    this.auth = auth;
    this.catalog = catalog;
  }

  @Post(consumes = MediaType.ALL)
  @Operation(operationId = "createQuote", summary = "The price of a generation", description = "A generation with the same parameters reserves exactly this amount.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillingSchemas.QuoteRequest.class)))
  @ApiResponse(responseCode = "200", description = "The quote.", content = @Content(schema = @Schema(implementation = BillingSchemas.Quote.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: an invalid combination; param names the field.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> quote(HttpRequest<?> request, @Parameter(hidden = true) @Body Optional<JsonNode> body) {
    auth.account(request);
    JsonNode json = JsonFields.object(body.orElse(null));
    for (var entry : json.entries()) {
      if (!FIELDS.contains(entry.getKey())) {
        throw ApiException.invalid(entry.getKey(), "unknown field '" + entry.getKey() + "'");
      }
    }
    ModelSpec model = catalog.require(JsonFields.requiredString(json, "model"));
    int duration =
        (int)
            JsonFields.optionalInteger(
                json,
                "duration_seconds",
                model.defaultDurationSeconds(),
                model.minDurationSeconds(),
                model.maxDurationSeconds());
    if (!model.offersDuration(duration)) {
      throw ApiException.invalid(
          "duration_seconds",
          "duration_seconds must be one of " + model.allowedDurations() + " for " + model.id());
    }
    String resolution = JsonFields.oneOf(json, "resolution", model.defaultResolution(), model.resolutions());
    JsonFields.oneOf(json, "aspect_ratio", model.defaultAspectRatio(), model.aspectRatios());
    boolean audio = JsonFields.optionalBoolean(json, "audio", false);
    if (audio && !model.offersAudio()) {
      throw ApiException.invalid("audio", model.id() + " does not offer audio");
    }
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("cost_usd", Usd.of(model.estimateMicros(duration, resolution, audio)));
    quote.put("currency", "USD");
    quote.put("model", model.id());
    quote.put("duration_seconds", duration);
    quote.put("resolution", resolution);
    quote.put("audio", audio);
    quote.put("price_per_second_usd", Usd.of(model.ratePerSecondMicros(resolution, audio)));
    return quote;
  }
}
