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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  @ApiResponse(responseCode = "200", description = "The deliveries.", content = @Content(schema = @Schema(implementation = WebhookSchemas.DeliveryList.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> list(
      HttpRequest<?> request, @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id) {
    UUID account = auth.account(request);
    UUID generation = ownGeneration(account, id);
    List<Map<String, Object>> data = store.deliveries(account, generation).stream().map(this::view).toList();
    return Map.of("object", "list", "data", data);
  }

  @Post(uri = "/redeliver", consumes = MediaType.ALL)
  @Operation(
      operationId = "redeliverWebhook",
      summary = "Send a finished generation's event again",
      description = "The same webhook-id and body, to the generation's current URL.")
  @ApiResponse(responseCode = "202", description = "The new delivery.", content = @Content(schema = @Schema(implementation = WebhookSchemas.Delivery.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "GENERATION_NOT_FINISHED or NO_WEBHOOK_URL.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "503", description = "UNAVAILABLE: Temporal could not be reached; nothing was sent.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<?> redeliver(
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

  private Map<String, Object> view(WebhookStore.Delivery delivery) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", delivery.id().toString());
    view.put("object", "webhook_delivery");
    view.put("webhook_id", delivery.message().id());
    view.put("event_type", delivery.message().eventType());
    view.put("url", delivery.url());
    view.put("trigger", delivery.trigger());
    view.put("status", delivery.status());
    view.put("failure_reason", delivery.failureReason());
    view.put("created_at", delivery.createdAt().toString());
    view.put("finished_at", delivery.finishedAt() == null ? null : delivery.finishedAt().toString());
    view.put(
        "attempts",
        store.attempts(delivery.id()).stream()
            .map(
                a -> {
                  Map<String, Object> attempt = new LinkedHashMap<>();
                  attempt.put("attempt", a.attempt());
                  attempt.put("started_at", a.startedAt().toString());
                  attempt.put("finished_at", a.finishedAt() == null ? null : a.finishedAt().toString());
                  attempt.put("response_status", a.responseStatus());
                  attempt.put("error", a.error());
                  attempt.put("duration_ms", a.durationMs());
                  return attempt;
                })
            .toList());
    return view;
  }
}
