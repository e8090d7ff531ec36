package io.reelay.harness.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The benchmark's baseline: a workflow that runs {@code activities} activities that do nothing,
 * one after the other, as a generation runs its steps, the first {@code localActivities} of them
 * each followed by a local one, as a generation does its bookkeeping. Whatever Reelay's workflow
 * costs beyond this is the price of its own work (database, provider calls, storage).
 */
@WorkflowInterface
public interface BareWorkflow {

  String TASK_QUEUE = "reelay-bench-bare";

  @WorkflowMethod
  void run(int activities, int localActivities);
}
