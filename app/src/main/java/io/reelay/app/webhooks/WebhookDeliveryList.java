package io.reelay.app.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Every delivery of a generation's event: GET /v1/generations/{id}/webhook-deliveries. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WebhookDeliveryList")
public record WebhookDeliveryList(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "list") String object,
    List<WebhookDeliveryResponse> data) {

  static WebhookDeliveryList of(List<WebhookDeliveryResponse> data) {
    return new WebhookDeliveryList("list", data);
  }
}
