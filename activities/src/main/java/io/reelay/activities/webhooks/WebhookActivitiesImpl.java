package io.reelay.activities.webhooks;

import io.reelay.activities.observability.GenerationContext;
import io.reelay.workflows.webhooks.WebhookActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a delivery, recorded before and after. Failure messages name the host and the
 * answer, never the URL (its path or query may hold the customer's token): they go into history.
 */
@Singleton
public class WebhookActivitiesImpl implements WebhookActivities {

  private static final Logger log = LoggerFactory.getLogger(WebhookActivitiesImpl.class);

  private final WebhookStore store;
  private final WebhookSecrets secrets;
  private final WebhookSender sender;
  private final WebhookPolicy policy;

  public WebhookActivitiesImpl(
      WebhookStore store, WebhookSecrets secrets, WebhookSender sender, WebhookPolicy policy) {
    this.store = store;
    this.secrets = secrets;
    this.sender = sender;
    this.policy = policy;
  }

  @Override
  public int send(String deliveryId) {
    UUID id = UUID.fromString(deliveryId);
    WebhookStore.Delivery delivery =
        store.delivery(id)
            .orElseThrow(
                () -> ApplicationFailure.newNonRetryableFailure("no delivery " + deliveryId, WEBHOOK_REJECTED));
    // the delivery's workflow is named after the delivery: the generation comes from its message
    try (GenerationContext ignored = GenerationContext.of(delivery.message().generationId().toString())) {
      return attempt(id, delivery);
    }
  }

  private int attempt(UUID id, WebhookStore.Delivery delivery) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (delivery.status().equals("delivered")) {
      // an earlier attempt got its 2xx but its completion was lost (worker died): not again
      return store.attempts(id).stream()
          .filter(a -> a.responseStatus() != null && a.responseStatus() / 100 == 2)
          .mapToInt(WebhookStore.Attempt::attempt)
          .findFirst()
          .orElse(attempt - 1);
    }
    String host = URI.create(delivery.url()).getHost();
    byte[] body = delivery.message().payload().getBytes(StandardCharsets.UTF_8);
    long timestamp = System.currentTimeMillis() / 1000;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("webhook-id", delivery.message().id());
    headers.put("webhook-timestamp", String.valueOf(timestamp));
    headers.put(
        "webhook-signature",
        WebhookSignature.header(
            secrets.signingSecrets(delivery.message().accountId()), delivery.message().id(), timestamp, body));

    store.attemptStarted(id, attempt);
    long started = System.nanoTime();
    WebhookSender.Answer answer;
    try {
      answer = sender.post(delivery.url(), headers, body);
    } catch (WebhookSender.RefusedUrlException refused) {
      store.attemptFinished(id, attempt, null, refused.getMessage(), elapsedMillis(started));
      throw ApplicationFailure.newNonRetryableFailure(refused.getMessage(), WEBHOOK_REJECTED);
    } catch (IOException unreachable) {
      String error = "could not reach " + host + ": " + describe(unreachable);
      store.attemptFinished(id, attempt, null, error, elapsedMillis(started));
      throw retryable(error, null);
    }
    int status = answer.status();
    if (status >= 200 && status < 300) {
      // delivered first: if we die before the attempt's row is completed, no retry posts again
      store.markDelivered(id);
      store.attemptFinished(id, attempt, status, null, elapsedMillis(started));
      log.info("webhook {} of generation {} delivered to {} on attempt {}",
          delivery.message().eventType(), delivery.message().generationId(), host, attempt);
      return attempt;
    }
    store.attemptFinished(id, attempt, status, "HTTP " + status + excerpt(answer), elapsedMillis(started));
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      throw ApplicationFailure.newNonRetryableFailure(
          host + " refused the webhook with HTTP " + status + "; not retried", WEBHOOK_REJECTED);
    }
    throw retryable(host + " answered HTTP " + status + "; will retry", answer.retryAfter().orElse(null));
  }

  @Override
  public void giveUp(String deliveryId, String reason) {
    store.markFailed(UUID.fromString(deliveryId), reason);
  }

  /** An expected failure (BENIGN: not logged as an error); a Retry-After within bounds is honoured. */
  private ApplicationFailure retryable(String message, Duration retryAfter) {
    ApplicationFailure.Builder failure =
        ApplicationFailure.newBuilder()
            .setType("WEBHOOK_ATTEMPT_FAILED")
            .setMessage(message)
            .setCategory(ApplicationErrorCategory.BENIGN);
    if (retryAfter != null && !retryAfter.isZero()) {
      long max = policy.retry().maxIntervalSeconds();
      failure.setNextRetryDelay(Duration.ofSeconds(Math.min(retryAfter.toSeconds(), max)));
    }
    return failure.build();
  }

  private static String excerpt(WebhookSender.Answer answer) {
    String text = answer.excerpt();
    return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
