package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * One key of GET /api/v1/keys, without its secret.
 *
 * @param lastUsed null until the key is used
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record KeyView(
    String keyId,
    String name,
    boolean isActive,
    Instant createdAt,
    @Nullable Instant lastUsed,
    String keyPreview,
    int rateLimit) {}
