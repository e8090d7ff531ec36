package io.reelay.app.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

/**
 * A key just created: the only answer that shows its secret.
 *
 * @param apiKey the key, its fields written in its place
 * @param key the secret, for 'Authorization: Bearer ...'
 * @param keyId the same as id
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "NewApiKey")
// on the wire the key's own fields in their order, then the secret and the id again
public record NewApiKeyResponse(@JsonUnwrapped ApiKeyResponse apiKey, String key, UUID keyId) {

  static NewApiKeyResponse of(ApiKeyResponse key, String secret) {
    return new NewApiKeyResponse(key, secret, key.id());
  }
}
