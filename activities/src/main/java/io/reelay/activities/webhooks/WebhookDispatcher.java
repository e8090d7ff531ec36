package io.reelay.activities.webhooks;

import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.workflows.generation.GenerationIds;
import io.reelay.workflows.generation.GenerationSearchAttributes;
import io.reelay.workflows.webhooks.WebhookDelivery;
import io.reelay.workflows.webhooks.WebhookDeliveryWorkflow;
import io.reelay.workflows.webhooks.WebhookIds;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a generation's end into a webhook message and starts its delivery workflow. Called from
 * the workflow's last read-model activity, so a retried activity must not send twice: message and
 * delivery ids are derived from the generation, and the workflow id from the delivery.
 */
@Singleton
public class WebhookDispatcher {

  /**
   * Whether a generation in this state sends a webhook (as event type generation.&lt;state&gt;):
   * every terminal state but a rejected create (answered 402 at once) and an expiry (it was
   * told when it completed).
   */
  static boolean sendsWebhook(String state) {
    return GenerationStatus.of(state)
        .filter(s -> s.isTerminal() && s != GenerationStatus.REJECTED && s != GenerationStatus.EXPIRED)
        .isPresent();
  }

  private final WebhookStore store;
  // looked up when a webhook is sent: the app provides both, and a context without them (the
  // activities' own tests) can still record generations that have no webhook
  private final BeanProvider<WebhookPayloads> payloads;
  // the doors that call back in their own shape, by door word (none in the activities' own tests)
  private final Map<String, DoorWebhookPayloads> doors;
  private final WebhookPolicy policy;
  private final BeanProvider<WorkflowClient> temporal;
  private final JsonMapper json;

  public WebhookDispatcher(
      WebhookStore store,
      BeanProvider<WebhookPayloads> payloads,
      List<DoorWebhookPayloads> doors,
      WebhookPolicy policy,
      BeanProvider<WorkflowClient> temporal,
      JsonMapper json) {
    this.store = store;
    this.payloads = payloads;
    this.doors = doors.stream().collect(Collectors.toUnmodifiableMap(DoorWebhookPayloads::door, d -> d));
    this.policy = policy;
    this.temporal = temporal;
    this.json = json;
  }

  /** Why a redelivery cannot be made; the code is the API's error code. */
  public static final class RedeliveryRefused extends Exception {
    private final String code;

    RedeliveryRefused(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The generation has ended: sends its event (by the state its row holds) to the generation's
   * webhook_url, or the account's default URL, if there is one. Idempotent.
   */
  public Optional<WebhookStore.Delivery> generationEnded(UUID generationId) {
    Optional<WebhookStore.GenerationTarget> generation = store.generation(generationId);
    if (generation.isEmpty() || !sendsWebhook(generation.get().status())) {
      return Optional.empty();
    }
    Optional<String> url = targetUrl(generation.get());
    if (url.isEmpty()) {
      return Optional.empty();
    }
    WebhookStore.Message message = message(generationId, generation.get());
    UUID deliveryId = UUID.nameUUIDFromBytes(("automatic:" + message.id()).getBytes(StandardCharsets.UTF_8));
    WebhookStore.Delivery delivery = store.createDelivery(deliveryId, message, url.get(), "automatic");
    start(delivery);
    return Optional.of(delivery);
  }

  /**
   * Sends a finished generation's event once more, to its current webhook URL, as a new delivery
   * of the same message (same webhook-id, so receivers can deduplicate).
   */
  public WebhookStore.Delivery redeliver(UUID accountId, UUID generationId) throws RedeliveryRefused {
    WebhookStore.GenerationTarget generation =
        store.generation(generationId)
            .filter(g -> g.accountId().equals(accountId))
            .orElseThrow(() -> new RedeliveryRefused("NOT_FOUND", "generation not found"));
    if (!sendsWebhook(generation.status())) {
      throw new RedeliveryRefused(
          "GENERATION_NOT_FINISHED",
          "generation is " + generation.status() + "; webhooks are sent when it completes, fails or is canceled");
    }
    String url =
        targetUrl(generation)
            .orElseThrow(
                () ->
                    new RedeliveryRefused(
                        "NO_WEBHOOK_URL",
                        "the generation has no webhook_url and the account has no default (PUT /v1/webhook-endpoint)"));
    if (store.deliveryCount(generationId) >= policy.maxDeliveriesPerGeneration()) {
      throw new RedeliveryRefused(
          "REDELIVERY_LIMIT_REACHED",
          "a generation's event may be delivered at most " + policy.maxDeliveriesPerGeneration() + " times");
    }
    WebhookStore.Message message = message(generationId, generation);
    WebhookStore.Delivery delivery = store.createDelivery(UUID.randomUUID(), message, url, "redelivery");
    try {
      start(delivery);
    } catch (RuntimeException e) {
      // no workflow will ever send it: say so instead of leaving it "sending"
      store.markFailed(delivery.id(), "could not be started: Temporal is unavailable; redeliver again");
      throw e;
    }
    return delivery;
  }

  private Optional<String> targetUrl(WebhookStore.GenerationTarget generation) {
    return Optional.ofNullable(generation.webhookUrl()).or(() -> store.defaultUrl(generation.accountId()));
  }

  private WebhookStore.Message message(UUID generationId, WebhookStore.GenerationTarget generation) {
    UUID accountId = generation.accountId();
    String state = generation.status();
    // a door with callbacks of its own names the event and shapes the whole body
    DoorWebhookPayloads door = doors.get(generation.door());
    String eventType =
        door == null ? "generation." + state : door.eventType(GenerationStatus.of(state).orElseThrow());
    Optional<WebhookStore.Message> existing = store.existingMessage(generationId, eventType);
    if (existing.isPresent()) {
      return existing.get();
    }
    String id =
        "msg_" + UUID.nameUUIDFromBytes((generationId + ":" + eventType).getBytes(StandardCharsets.UTF_8))
            .toString()
            .replace("-", "");
    Object body =
        door == null
            // the Standard Webhooks envelope: type, timestamp, data
            ? new WebhookEnvelope(
                eventType,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                payloads.get().generation(accountId, generationId))
            : door.body(accountId, generationId, eventType);
    String payload;
    try {
      payload = new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not serialize the webhook payload", e);
    }
    return store.message(id, generationId, accountId, eventType, payload);
  }

  private void start(WebhookStore.Delivery delivery) {
    String host = URI.create(delivery.url()).getHost();
    WebhookStore.Message message = delivery.message();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(WebhookIds.workflowId(delivery.id().toString()))
            .setTaskQueue(GenerationIds.TASK_QUEUE)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(GenerationSearchAttributes.ACCOUNT, message.accountId().toString())
                    .build())
            .setStaticSummary("webhook " + message.eventType() + " → " + host)
            .setStaticDetails(
                "Delivery " + delivery.id() + " (" + delivery.trigger() + ") of message " + message.id()
                    + " for generation " + message.generationId() + " (workflow "
                    + GenerationIds.workflowId(message.generationId().toString()) + "). Every attempt and"
                    + " the receiver's answer: GET /v1/generations/" + message.generationId()
                    + "/webhook-deliveries.")
            .build();
    WebhookDeliveryWorkflow workflow = temporal.get().newWorkflowStub(WebhookDeliveryWorkflow.class, options);
    try {
      WorkflowClient.start(
          workflow::deliver,
          new WebhookDelivery(
              delivery.id().toString(), message.generationId().toString(), message.eventType(), host, policy.retry()));
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      // a retried activity: the first call started it
    }
  }
}
