package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The JSON body of Vinci's POST /api/v1/generate/text-to-video. Other fields are ignored, as
 * Vinci's own server does; the model is the door's configured default (Vinci has no model field).
 *
 * @param durationSeconds 1 to 10; default 5
 * @param aspectRatio 16:9, 9:16 or 1:1; default 16:9
 * @param seed -1 (the default) asks for a random seed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TextToVideoRequest(
    @StrictJson @NotNull(message = "prompt is required") String prompt,
    @StrictJson
        @Nullable
        @Min(value = VinciRules.MIN_SECONDS, message = VinciRules.DURATION_RULE)
        @Max(value = VinciRules.MAX_SECONDS, message = VinciRules.DURATION_RULE)
        Integer durationSeconds,
    @StrictJson
        @Nullable
        @Pattern(regexp = "^(16:9|9:16|1:1)$", message = "aspect_ratio must be one of 16:9, 9:16, 1:1")
        String aspectRatio,
    @StrictJson
        @Nullable
        @Min(value = VinciRules.RANDOM_SEED, message = VinciRules.SEED_RULE)
        @Max(value = 4_294_967_295L, message = VinciRules.SEED_RULE)
        Long seed) {}
