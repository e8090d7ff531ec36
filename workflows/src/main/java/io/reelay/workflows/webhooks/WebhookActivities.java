package io.reelay.workflows.webhooks;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Sends one attempt of a webhook delivery and keeps the deliveries table current. */
@ActivityInterface
public interface WebhookActivities {

  /** Failure type of a 4xx answer other than 408 and 429: the receiver refused; do not retry. */
  String WEBHOOK_REJECTED = "WEBHOOK_REJECTED";

  /**
   * One attempt: signs the stored message with the account's secret and POSTs it. Answers the
   * attempt number when the receiver answered 2xx (or an earlier attempt already succeeded);
   * throws a retryable failure for 408, 429, 5xx, redirects and network errors, and a
   * non-retryable {@link #WEBHOOK_REJECTED} for other 4xx answers.
   */
  @ActivityMethod(name = "SendWebhook")
  int send(String deliveryId);

  /** Marks the delivery failed for good (receiver refused, or retries exhausted). */
  @ActivityMethod(name = "GiveUpWebhook")
  void giveUp(String deliveryId, String reason);
}
