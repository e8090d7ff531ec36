package io.reelay.workflows.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.RecordedHistories;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Determinism guard for deliveries: a history recorded on the dev server replays. */
class WebhookDeliveryWorkflowReplayTest {

  @Test
  void aDeliveryThatSucceededOnItsThirdAttemptReplays() throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load("webhook-delivered-after-retries");
    assertTrue(history.getEvents().size() > 5, "a real history with an activity");
    assertDoesNotThrow(() -> WorkflowReplayer.replayWorkflowExecution(history, WebhookDeliveryWorkflowImpl.class));
  }
}
