package io.reelay.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import io.reelay.app.api.UsdAmount;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of POST /admin/v1/accounts.
 *
 * @param creditsUsd the opening balance in micro-USD, default 0; on the wire US dollars: more than
 *     0 and at most 1000000, at most six decimals
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "CreateAccountRequest")
public record CreateAccountRequest(
    @StrictJson
        @NotBlank(message = NAME_RULE)
        @Size(min = 1, max = 200, message = NAME_RULE)
        @Pattern(regexp = "^[^\\x00-\\x1F\\x7F]*$", message = NAME_RULE)
        @Schema(description = "Not blank.")
        String name,
    @UsdAmount
        @Nullable
        @Schema(description = "The opening balance, default 0: more than 0 and at most 1000000, at most six decimals", implementation = Object.class, oneOf = {UsdSchemas.Number.class, UsdSchemas.Text.class})
        Long creditsUsd) {

  static final String NAME_RULE = "name is required: 1 to 200 printable characters";
}
