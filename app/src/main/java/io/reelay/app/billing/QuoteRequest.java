package io.reelay.app.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * The body of POST /v1/quotes: a generation's parameters. Other fields are refused (400). Which
 * durations, resolutions, aspect ratios and audio a model offers is configuration, checked in
 * {@link QuotesController}.
 *
 * @param model the model's id, one of GET /v1/models
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(name = "QuoteRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record QuoteRequest(
    @StrictJson @NotNull(message = "model is required") String model,
    @StrictJson
        @Nullable
        @Schema(minimum = "1", maximum = "10", description = "Within the model's duration_seconds; default: the model's default.")
        Integer durationSeconds,
    @StrictJson
        @Nullable
        @Schema(pattern = "^(480p|720p|1080p)$", description = "One of the model's resolutions: 480p, 720p or 1080p.")
        String resolution,
    @StrictJson
        @Nullable
        @Schema(pattern = "^(16:9|9:16|1:1)$", description = "One of the model's aspect_ratios: 16:9, 9:16 or 1:1.")
        String aspectRatio,
    @StrictJson @Nullable @Schema(description = "Only for models that offer audio.") Boolean audio) {}
