package io.reelay.app.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.UUID;

/** An account's balance after a credit. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "AccountBalance")
public record AccountBalanceResponse(
    UUID accountId, BigDecimal balanceUsd, BigDecimal reservedUsd, BigDecimal totalSpentUsd) {}
