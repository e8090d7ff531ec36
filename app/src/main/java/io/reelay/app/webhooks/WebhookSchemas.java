package io.reelay.app.webhooks;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the webhook endpoints, for the OpenAPI document; the controllers beside this file write them. */
final class WebhookSchemas {

  private WebhookSchemas() {}

  /**
   * The secret that signs the account's webhooks (Standard Webhooks).
   *
   * @param secret whsec_ and base64
   * @param previousSecretValidUntil after a rotation, the previous secret signs beside the new one until then
   */
  @Schema(name = "WebhookSecret")
  record Secret(
      @Schema(requiredMode = REQUIRED, pattern = "^whsec_") String secret,
      Instant createdAt,
      @Nullable @Schema(requiredMode = REQUIRED) Instant previousSecretValidUntil) {}

  /**
   * The body of PUT /v1/webhook-endpoint.
   *
   * @param url an absolute http(s) URL on a public address
   */
  @Schema(name = "WebhookEndpointRequest")
  record EndpointRequest(@Schema(requiredMode = REQUIRED, format = "uri") String url) {}

  /**
   * The account's default webhook URL, for generations created without a webhook_url.
   *
   * @param url null when none is set
   */
  @Schema(name = "WebhookEndpoint")
  record Endpoint(@Nullable @Schema(requiredMode = REQUIRED) String url) {}

  /** Every delivery of a generation's event. */
  @Schema(name = "WebhookDeliveryList")
  record DeliveryList(@Schema(requiredMode = REQUIRED, allowableValues = "list") String object, List<Delivery> data) {}

  /**
   * One delivery of a generation's event to a URL, with every attempt.
   *
   * @param webhookId the webhook-id header: the same for every delivery of the event
   * @param failureReason why it was given up, when it failed
   */
  @Schema(name = "WebhookDelivery")
  record Delivery(
      UUID id,
      @Schema(requiredMode = REQUIRED, allowableValues = "webhook_delivery") String object,
      String webhookId,
      String eventType,
      String url,
      @Schema(requiredMode = REQUIRED, allowableValues = {"automatic", "redelivery"}) String trigger,
      @Schema(requiredMode = REQUIRED, allowableValues = {"sending", "delivered", "failed"}) String status,
      @Nullable @Schema(requiredMode = REQUIRED) String failureReason,
      Instant createdAt,
      @Nullable @Schema(requiredMode = REQUIRED) Instant finishedAt,
      List<Attempt> attempts) {}

  /**
   * One POST of a delivery.
   *
   * @param responseStatus the receiver's HTTP status; null when there was no answer
   * @param error why the attempt failed
   */
  @Schema(name = "WebhookAttempt")
  record Attempt(
      int attempt,
      Instant startedAt,
      @Nullable @Schema(requiredMode = REQUIRED) Instant finishedAt,
      @Nullable @Schema(requiredMode = REQUIRED) Integer responseStatus,
      @Nullable @Schema(requiredMode = REQUIRED) String error,
      @Nullable @Schema(requiredMode = REQUIRED) Long durationMs) {}
}
