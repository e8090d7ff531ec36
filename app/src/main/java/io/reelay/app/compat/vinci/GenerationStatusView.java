package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;

/**
 * GET /api/v1/status/{request_id}: which fields are present depends on the status, as Vinci shows
 * them (pending: the estimate; processing: also progress; completed: video, measured duration and
 * cost; failed: the error).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationStatusView(
    String requestId,
    String status,
    @Nullable BigDecimal estimatedCostUsd,
    @Nullable Integer progress,
    @Nullable String videoUrl,
    @Nullable Double durationSeconds,
    @Nullable BigDecimal costUsd,
    @Nullable String error) {}
