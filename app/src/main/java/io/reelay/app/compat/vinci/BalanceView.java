package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;

/**
 * GET /api/v1/billing/balance.
 *
 * @param balanceUsd what can be spent now: credits minus charges minus the holds of running generations
 * @param totalSpentUsd charged so far
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BalanceView(BigDecimal balanceUsd, BigDecimal totalSpentUsd) {}
