package io.reelay.app.webhooks;

import io.micronaut.serde.annotation.Serdeable;
import io.reelay.app.api.StrictJson;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * The body of PUT /v1/webhook-endpoint. Whether the URL is http(s) on a public address is checked
 * by {@link WebhookSender#check}, which resolves it: no annotation can.
 *
 * @param url an absolute http(s) URL on a public address
 */
@Serdeable
@Schema(name = "WebhookEndpointRequest")
public record WebhookEndpointRequest(
    @StrictJson
        @NotNull(message = "url is required: the https URL to POST generation events to")
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri")
        String url) {}
