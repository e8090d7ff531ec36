package io.reelay.app.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * What a generation with these parameters reserves: POST /v1/quotes.
 *
 * @param costUsd the hold; settlement bills the measured duration at the same rate, never more
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Quote")
public record QuoteResponse(
    BigDecimal costUsd,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "USD") String currency,
    String model,
    int durationSeconds,
    String resolution,
    boolean audio,
    BigDecimal pricePerSecondUsd) {}
