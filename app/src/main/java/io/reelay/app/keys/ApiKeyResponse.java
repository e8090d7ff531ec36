package io.reelay.app.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key, without its secret.
 *
 * @param preview enough of the key to recognise it, e.g. sk-…abc123
 * @param rateLimitPerMinute the key's own limit, or the server's default
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "ApiKey")
public record ApiKeyResponse(
    UUID id,
    String name,
    boolean isActive,
    String preview,
    int rateLimitPerMinute,
    Instant createdAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant lastUsedAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant revokedAt) {}
