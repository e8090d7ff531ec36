package io.reelay.workflows.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One retention sweep: expires every stored video that is due, in batches. */
@WorkflowInterface
public interface RetentionWorkflow {

  /** The Temporal Schedule that starts a sweep every {@code reelay.retention.sweep-every}. */
  String SCHEDULE_ID = "reelay-retention";

  /** The id of the sweeps the schedule starts (Temporal appends the scheduled time). */
  String WORKFLOW_ID = "retention-sweep";

  @WorkflowMethod
  RetentionSweep sweep();
}
