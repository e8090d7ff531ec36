package io.reelay.app.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The secret that signs the account's webhooks (Standard Webhooks).
 *
 * @param secret whsec_ and base64
 * @param previousSecretValidUntil after a rotation, the previous secret signs beside the new one until then
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WebhookSecret")
public record WebhookSecretResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^whsec_") String secret,
    Instant createdAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant previousSecretValidUntil) {}
