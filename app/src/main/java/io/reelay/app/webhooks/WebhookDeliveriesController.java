package io.reelay.app.webhooks;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.webhooks.WebhookDispatcher;
import io.reelay.activities.webhooks.WebhookStore;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;

/** What was sent to a generation's webhook, every attempt's answer, and sending it again. */
@Controller("/v1/generations/{id}/webhook-deliveries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "webhooks")
@ApiKeyErrors
public class WebhookDeliveriesController {

  private final ApiAuth auth;
  private final GenerationStore generations;
  private final WebhookStore store;
  private final WebhookDispatcher dispatcher;

  public WebhookDeliveriesController(
      ApiAuth auth, GenerationStore generations, WebhookStore store, WebhookDispatcher dispatcher) {
    this.auth = auth;
    this.generations = generations;
    this.store = store;
    this.dispatcher = dispatcher;
  }

  @Get
  @Operation(operationId = "listWebhookDeliveries", summary = "Every delivery of a generation's event, with each attempt")
  @ApiResponse(responseCode = "200", description = "The deliveries.", content = @Content(schema = @Schema(implementation = WebhookDeliveryList.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public WebhookDeliveryList list(
      HttpRequest<?> request, @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id) {
    UUID account = auth.account(request);
    UUID generation = ownGeneration(account, id);
    return WebhookDeliveryList.of(store.deliveries(account, generation).stream().map(this::view).toList());
  }

  @Post(uri = "/redeliver", consumes = MediaType.ALL)
  @Operation(
      operationId = "redeliverWebhook",
      summary = "Send a finished generation's event again",
      description = "The same webhook-id and body, to the generation's current URL.")
  @ApiResponse(responseCode = "202", description = "The new delivery.", content = @Content(schema = @Schema(implementation = WebhookDeliveryResponse.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "GENERATION_NOT_FINISHED or NO_WEBHOOK_URL.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "503", description = "UNAVAILABLE: Temporal could not be reached; nothing was sent.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<WebhookDeliveryResponse> redeliver(
      HttpRequest<?> request, @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id) {
    UUID account = auth.account(request);
    UUID generation = ownGeneration(account, id);
    try {
      return HttpResponse.status(HttpStatus.ACCEPTED).body(view(dispatcher.redeliver(account, generation)));
    } catch (WebhookDispatcher.RedeliveryRefused refused) {
      HttpStatus status =
          switch (refused.code()) {
            case "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "REDELIVERY_LIMIT_REACHED" -> HttpStatus.TOO_MANY_REQUESTS;
            default -> HttpStatus.CONFLICT;
          };
      throw new ApiException(status, refused.code(), refused.getMessage());
    } catch (RuntimeException temporalAway) {
      // the delivery is recorded as failed; nothing was sent
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "the redelivery could not be started (Temporal unavailable); retry");
    }
  }

  private UUID ownGeneration(UUID account, String id) {
    UUID generation;
    try {
      generation = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("generation");
    }
    if (generations.find(account, generation).isEmpty()) {
      throw ApiException.notFound("generation");
    }
    return generation;
  }

  private WebhookDeliveryResponse view(WebhookStore.Delivery delivery) {
    return new WebhookDeliveryResponse(
        delivery.id(),
        "webhook_delivery",
        delivery.message().id(),
        delivery.message().eventType(),
        delivery.url(),
        delivery.trigger(),
        delivery.status(),
        delivery.failureReason(),
        delivery.createdAt(),
        delivery.finishedAt(),
        store.attempts(delivery.id()).stream()
            .map(
                a ->
                    new WebhookDeliveryResponse.Attempt(
                        a.attempt(),
                        a.startedAt(),
                        a.finishedAt(),
                        a.responseStatus(),
                        a.error(),
                        a.durationMs() == null ? null : a.durationMs().longValue()))
            .toList());
  }
}
