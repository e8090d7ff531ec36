package io.reelay.app.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One delivery of a generation's event to a URL, with every attempt.
 *
 * @param webhookId the webhook-id header: the same for every delivery of the event
 * @param failureReason why it was given up, when it failed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WebhookDelivery")
public record WebhookDeliveryResponse(
    UUID id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "webhook_delivery") String object,
    String webhookId,
    String eventType,
    String url,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"automatic", "redelivery"}) String trigger,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"sending", "delivered", "failed"}) String status,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String failureReason,
    Instant createdAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant finishedAt,
    List<Attempt> attempts) {

  /**
   * One POST of a delivery.
   *
   * @param responseStatus the receiver's HTTP status; null when there was no answer
   * @param error why the attempt failed
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "WebhookAttempt")
  public record Attempt(
      int attempt,
      Instant startedAt,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant finishedAt,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer responseStatus,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String error,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long durationMs) {}
}
