package io.reelay.app.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * Totals of the last period_days days: GET /v1/usage.
 *
 * @param totalRequests generations created
 * @param totalSeconds seconds of video billed
 * @param totalCostUsd captured in the period
 * @param totalSpentUsd captured ever
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Usage")
public record UsageResponse(
    int periodDays,
    long totalRequests,
    double totalSeconds,
    BigDecimal totalCostUsd,
    BigDecimal currentBalanceUsd,
    BigDecimal totalSpentUsd,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "USD") String currency) {}
