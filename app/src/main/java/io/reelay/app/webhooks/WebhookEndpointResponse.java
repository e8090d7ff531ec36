package io.reelay.app.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The account's default webhook URL, for generations created without a webhook_url.
 *
 * @param url null when none is set
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WebhookEndpoint")
public record WebhookEndpointResponse(@Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url) {}
