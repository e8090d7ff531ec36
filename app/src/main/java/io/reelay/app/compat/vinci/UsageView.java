package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;

/**
 * GET /api/v1/billing/usage?days=N: the core's usage report of the last N days.
 *
 * @param totalRequests generations created in the period
 * @param totalSeconds seconds of video billed in the period
 * @param totalCostUsd charged in the period
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageView(
    int periodDays,
    long totalRequests,
    double totalSeconds,
    BigDecimal totalCostUsd,
    BigDecimal currentBalanceUsd,
    BigDecimal totalSpentUsd) {}
