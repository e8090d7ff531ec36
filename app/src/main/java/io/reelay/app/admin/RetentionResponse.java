package io.reelay.app.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

/**
 * How long an account's videos are kept after their generation completed.
 *
 * @param videoRetentionDays the account's own; null when it uses the default
 * @param effectiveRetentionSeconds what applies now (its own, else the default)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Retention")
public record RetentionResponse(
    UUID accountId,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer videoRetentionDays,
    long effectiveRetentionSeconds) {}
