package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The body of Vinci's POST /api/v1/keys.
 *
 * @param rateLimit requests per minute: 1 to 100, default 10 (Vinci's numbers, not the native API's)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyCreateRequest(
    @StrictJson @NotBlank(message = "name is required") String name,
    @StrictJson
        @Nullable
        @Min(value = 1, message = VinciRules.RATE_LIMIT_RULE)
        @Max(value = VinciRules.MAX_RATE_LIMIT, message = VinciRules.RATE_LIMIT_RULE)
        Integer rateLimit) {}
