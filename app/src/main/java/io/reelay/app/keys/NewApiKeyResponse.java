package io.reelay.app.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * A key just created: the only answer that shows its secret.
 *
 * @param preview enough of the key to recognise it, e.g. sk-…abc123
 * @param key the secret, for 'Authorization: Bearer ...'
 * @param keyId the same as id
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "NewApiKey")
public record NewApiKeyResponse(
    UUID id,
    String name,
    boolean isActive,
    String preview,
    int rateLimitPerMinute,
    Instant createdAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant lastUsedAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant revokedAt,
    String key,
    UUID keyId) {

  static NewApiKeyResponse of(ApiKeyResponse key, String secret) {
    return new NewApiKeyResponse(
        key.id(), key.name(), key.isActive(), key.preview(), key.rateLimitPerMinute(),
        key.createdAt(), key.lastUsedAt(), key.revokedAt(), secret, key.id());
  }
}
