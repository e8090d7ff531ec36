package io.reelay.app.admin;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.UsdAmount;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * The body of POST /admin/v1/accounts/{id}/credits.
 *
 * @param amountUsd what to add, in micro-USD; on the wire US dollars: more than 0 and at most
 *     1000000, at most six decimals
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "CreditRequest")
public record CreditRequest(
    @UsdAmount
        @NotNull(message = "amount_usd is required")
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What to add: more than 0 and at most 1000000, at most six decimals", implementation = Object.class, oneOf = {UsdSchemas.Number.class, UsdSchemas.Text.class})
        Long amountUsd) {}
