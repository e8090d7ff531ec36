package io.reelay.workflows.webhooks;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * One activity whose retry policy is the delivery schedule: Temporal keeps the attempts going
 * across worker restarts, and the schedule-to-close timeout ends them after the give-up time.
 */
public class WebhookDeliveryWorkflowImpl implements WebhookDeliveryWorkflow {

  private static final ActivityOptions BOOKKEEPING =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
          .build();

  private String status = "sending";

  @Override
  public WebhookDeliveryOutcome deliver(WebhookDelivery delivery) {
    WebhookRetrySchedule retry = delivery.retry();
    WebhookActivities sender =
        Workflow.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                .setSummary("POST " + delivery.eventType() + " to " + delivery.host())
                // one attempt: resolve, connect, send, read the status line (bounded to 30 s by
                // reelay.webhooks.attempt-timeout-ms, DNS aside)
                .setStartToCloseTimeout(Duration.ofSeconds(60))
                .setScheduleToCloseTimeout(Duration.ofSeconds(retry.giveUpAfterSeconds()))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(retry.initialIntervalSeconds()))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(retry.maxIntervalSeconds()))
                        .setDoNotRetry(WebhookActivities.WEBHOOK_REJECTED)
                        .build())
                .build());
    Workflow.setCurrentDetails(
        "delivering " + delivery.eventType() + " of generation " + delivery.generationId() + " to "
            + delivery.host() + "; attempts are retried for " + retry.giveUpAfterSeconds() / 3600.0 + " h");
    try {
      int attempts = sender.send(delivery.deliveryId());
      status = "delivered";
      Workflow.setCurrentDetails("delivered to " + delivery.host() + " on attempt " + attempts);
      return new WebhookDeliveryOutcome("delivered", attempts, null);
    } catch (ActivityFailure | CanceledFailure failure) {
      // an operator's cancel stops the retries; the delivery is then recorded as failed too
      boolean canceled = CancellationScope.current().isCancelRequested();
      String reason =
          canceled ? "canceled in Temporal before an attempt succeeded" : reason((ActivityFailure) failure, retry);
      WebhookActivities bookkeeping =
          Workflow.newActivityStub(
              WebhookActivities.class,
              ActivityOptions.newBuilder(BOOKKEEPING).setSummary("give up: " + reason).build());
      Workflow.newDetachedCancellationScope(() -> bookkeeping.giveUp(delivery.deliveryId(), reason)).run();
      status = "failed";
      Workflow.setCurrentDetails("failed: " + reason);
      if (canceled) {
        throw failure;
      }
      return new WebhookDeliveryOutcome("failed", 0, reason);
    }
  }

  @Override
  public String status() {
    return status;
  }

  /** A refusal says so; anything else means the schedule ran out, with the last answer. */
  private static String reason(ActivityFailure failure, WebhookRetrySchedule retry) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app && WebhookActivities.WEBHOOK_REJECTED.equals(app.getType())) {
      return app.getOriginalMessage();
    }
    String last =
        cause instanceof ApplicationFailure app
            ? app.getOriginalMessage()
            : cause instanceof TimeoutFailure ? "timed out" : String.valueOf(cause == null ? failure.getMessage() : cause.getMessage());
    return "no attempt succeeded within " + retry.giveUpAfterSeconds() / 3600.0 + " h; the last: " + last;
  }
}
