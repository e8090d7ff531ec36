package io.reelay.app.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * What the account can spend: GET /v1/balance. Amounts are USD with at most six decimals.
 *
 * @param balanceUsd available: credits minus captures minus active holds
 * @param reservedUsd held by generations still running
 * @param totalSpentUsd captured so far
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Balance")
public record BalanceResponse(
    BigDecimal balanceUsd,
    BigDecimal reservedUsd,
    BigDecimal totalSpentUsd,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "USD") String currency) {}
