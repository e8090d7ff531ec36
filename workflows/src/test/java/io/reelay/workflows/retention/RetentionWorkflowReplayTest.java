package io.reelay.workflows.retention;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.RecordedHistories;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Determinism guard for the retention sweep: a run the schedule started on the dev server, which
 * found one due video and expired it, must replay against the current code.
 */
class RetentionWorkflowReplayTest {

  @Test
  void aRecordedSweepReplays() throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load("retention-sweep-expired");
    long activities =
        history.getEvents().stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).count();
    assertTrue(activities == 3, "find, expire, find again: " + activities);
    assertDoesNotThrow(() -> WorkflowReplayer.replayWorkflowExecution(history, RetentionWorkflowImpl.class));
  }
}
