package io.reelay.activities.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.reelay.activities.accounts.AccountDirectory.ApiKeyInfo;
import java.time.Instant;
import java.util.UUID;

/** One API key; only the hash of the key is stored. */
@MappedEntity("api_keys")
record ApiKey(
    @Id UUID id,
    UUID accountId,
    String name,
    String keyHash,
    String preview,
    @Nullable Integer rateLimitPerMinute,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {

  ApiKeyInfo info() {
    return new ApiKeyInfo(id, name, preview, rateLimitPerMinute, createdAt, lastUsedAt, revokedAt);
  }
}
