package io.reelay.workflows.generation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.RecordedHistories;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism guard: histories recorded from real runs on the Temporal dev server (exported with
 * {@code temporal workflow show --output json}) must replay against the current workflow code. A
 * change that would break generations already running in production fails here.
 */
class GenerationWorkflowReplayTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "callback-completed",
        "poll-completed",
        "provider-failed",
        "canceled",
        "failover-stalled",
        "failover-refused",
        // recorded after poll-interval timers got summaries (getVersion "poll-timer-summaries")
        "callback-completed-named-timers",
        "poll-completed-named-timers",
        // recorded after activities moved to their own task queues (billing, providers, downloads)
        "callback-completed-task-queues",
        "poll-completed-task-queues",
        // recorded after the bookkeeping past admission became local activities (getVersion
        // "local-bookkeeping")
        "callback-completed-local-bookkeeping",
        "poll-completed-local-bookkeeping",
        "provider-failed-local-bookkeeping",
        "canceled-local-bookkeeping"
      })
  void recordedHistoryReplays(String name) throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load(name);
    assertTrue(history.getEvents().size() > 10, "a real history with activities");
    assertDoesNotThrow(() -> WorkflowReplayer.replayWorkflowExecution(history, GenerationWorkflowImpl.class));
  }
}
