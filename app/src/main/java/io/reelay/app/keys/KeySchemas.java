package io.reelay.app.keys;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the key endpoints, for the OpenAPI document; {@link KeysController} writes them. */
final class KeySchemas {

  private KeySchemas() {}

  /**
   * The body of POST /v1/keys.
   *
   * @param rateLimitPerMinute default: the server's (reelay.rate-limits.default-per-minute)
   */
  @Schema(name = "CreateKeyRequest")
  record CreateKeyRequest(
      @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 100, pattern = "^[^\\x00-\\x1F\\x7F]*$", description = "Not blank.")
          String name,
      @Nullable @Schema(minimum = "1", maximum = "6000", description = "At most reelay.rate-limits.max-per-minute (6000 unless configured).")
          Integer rateLimitPerMinute) {}

  /**
   * An API key, without its secret.
   *
   * @param preview enough of the key to recognise it, e.g. sk-…abc123
   */
  @Schema(name = "ApiKey")
  record ApiKey(
      UUID id,
      String name,
      boolean isActive,
      String preview,
      int rateLimitPerMinute,
      Instant createdAt,
      @Nullable @Schema(requiredMode = REQUIRED) Instant lastUsedAt,
      @Nullable @Schema(requiredMode = REQUIRED) Instant revokedAt) {}

  /**
   * A key just created: the only answer that shows its secret.
   *
   * @param key the secret, for 'Authorization: Bearer ...'
   * @param keyId the same as id
   */
  // named by hand: the naming strategy does not reach the part beside allOf
  @Schema(name = "NewApiKey", allOf = ApiKey.class)
  record NewApiKey(String key, @Schema(name = "key_id", requiredMode = REQUIRED) UUID keyId) {}

  /** The account's keys. */
  @Schema(name = "ApiKeyList")
  record ApiKeyList(List<ApiKey> data) {}
}
