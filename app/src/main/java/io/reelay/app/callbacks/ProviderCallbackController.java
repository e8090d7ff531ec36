package io.reelay.app.callbacks;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.activities.providers.CallbackTokens;
import io.reelay.app.api.ApiException;
import io.reelay.workflows.generation.GenerationIds;
import io.reelay.workflows.generation.ProviderCallback;
import io.swagger.v3.oas.annotations.Hidden;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where providers call back. A call is ours only if it carries the generation's token; it becomes
 * a signal, which the workflow treats as a hint and confirms by polling. Duplicates and late
 * calls are answered 200 so providers stop retrying.
 */
@Controller("/v1/provider-callbacks")
@ExecuteOn(TaskExecutors.BLOCKING)
// for providers, not clients: they carry their own signed token and stay out of the API's document
@Hidden
public class ProviderCallbackController {

  private static final Logger log = LoggerFactory.getLogger(ProviderCallbackController.class);

  private final CallbackTokens tokens;
  private final WorkflowClient temporal;
  private final GenerationEvents events;
  private final CallbackMetrics metrics;

  public ProviderCallbackController(
      CallbackTokens tokens, WorkflowClient temporal, GenerationEvents events, CallbackMetrics metrics) {
    this.tokens = tokens;
    this.temporal = temporal;
    this.events = events;
    this.metrics = metrics;
  }

  @Post(uri = "/{provider}/{generationId}", consumes = MediaType.ALL)
  public HttpResponse<?> receive(
      @PathVariable String provider,
      @PathVariable String generationId,
      @QueryValue Optional<String> token,
      @Body Optional<JsonNode> body) {
    try {
      UUID.fromString(generationId);
    } catch (IllegalArgumentException e) {
      metrics.received(provider, CallbackMetrics.Outcome.REFUSED);
      throw ApiException.notFound("generation");
    }
    if (!tokens.verify(provider, generationId, token.orElse(null))) {
      metrics.received(provider, CallbackMetrics.Outcome.REFUSED);
      throw new ApiException(HttpStatus.FORBIDDEN, "INVALID_CALLBACK_TOKEN", "this callback is not signed for this generation");
    }
    ProviderCallback callback =
        new ProviderCallback(
            text(body, "id") != null ? text(body, "id") : text(body, "task_id"), text(body, "status"));
    boolean news = recordOnTimeline(provider, UUID.fromString(generationId), callback.status());
    try {
      temporal
          .newUntypedWorkflowStub(GenerationIds.workflowId(generationId))
          .signal("providerCallback", callback);
    } catch (WorkflowNotFoundException e) {
      log.info("callback for finished generation {} ignored", generationId);
      metrics.received(provider, CallbackMetrics.Outcome.DUPLICATE);
      return HttpResponse.ok(Map.of("received", true, "note", "the generation has already finished"));
    }
    metrics.received(provider, news ? CallbackMetrics.Outcome.ACCEPTED : CallbackMetrics.Outcome.DUPLICATE);
    return HttpResponse.ok(Map.of("received", true));
  }

  /**
   * Before the signal, so the event precedes what the workflow does about it. A repeat of the
   * same status from the same provider is shown once, and one that comes after the generation
   * ended not at all (GenerationEvents keeps nothing after a terminal event). The timeline is
   * secondary: failing to write it must not lose the signal. Answers whether the callback was
   * news (a status not seen before, for a generation still running; true when that is unknown).
   */
  private boolean recordOnTimeline(String provider, UUID generationId, String providerStatus) {
    try {
      return events.record(
          generationId,
          "callback_received",
          "callback:" + provider + ":" + providerStatus,
          GenerationEvents.fields("provider", provider, "provider_status", providerStatus));
    } catch (RuntimeException e) {
      log.warn("callback for {} not recorded on its timeline: {}", generationId, e.toString());
      return true;
    }
  }

  private static String text(Optional<JsonNode> body, String field) {
    if (body.isEmpty() || !body.get().isObject()) {
      return null;
    }
    JsonNode value = body.get().get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.coerceStringValue();
    return text.length() > 200 ? text.substring(0, 200) : text;
  }
}
