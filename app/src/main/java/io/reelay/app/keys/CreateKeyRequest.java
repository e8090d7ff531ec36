package io.reelay.app.keys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of POST /v1/keys.
 *
 * @param name what the key is for; not blank
 * @param rateLimitPerMinute default: the server's (reelay.rate-limits.default-per-minute)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "CreateKeyRequest")
public record CreateKeyRequest(
    @StrictJson
        @NotBlank(message = NAME_RULE)
        @Size(min = 1, max = 100, message = NAME_RULE)
        @Pattern(regexp = "^[^\\x00-\\x1F\\x7F]*$", message = NAME_RULE)
        @Schema(description = "Not blank.")
        String name,
    @StrictJson
        @Nullable
        @Min(value = 1, message = "rate_limit_per_minute must be an integer from 1 to the server's maximum")
        @Schema(maximum = "6000", description = "At most reelay.rate-limits.max-per-minute (6000 unless configured).")
        Integer rateLimitPerMinute) {

  static final String NAME_RULE = "name is required: 1 to 100 printable characters";
}
