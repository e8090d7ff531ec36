package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;

/**
 * The answer to a text- or image-to-video create.
 *
 * @param requestId the id to poll GET /api/v1/status/{request_id} with
 * @param estimatedCostUsd what the generation holds: duration times the per-second price
 * @param estimatedDurationSeconds the asked duration
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GenerationSubmitted(
    String requestId, String status, BigDecimal estimatedCostUsd, int estimatedDurationSeconds) {}
