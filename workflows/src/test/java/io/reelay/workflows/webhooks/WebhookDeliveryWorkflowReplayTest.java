package io.reelay.workflows.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Determinism guard for deliveries: a history recorded on the dev server replays. */
class WebhookDeliveryWorkflowReplayTest {

  @Test
  void aDeliveryThatSucceededOnItsThirdAttemptReplays() throws Exception {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/histories/webhook-delivered-after-retries.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    assertTrue(history.getEvents().size() > 5, "a real history with an activity");
    assertDoesNotThrow(() -> WorkflowReplayer.replayWorkflowExecution(history, WebhookDeliveryWorkflowImpl.class));
  }
}
