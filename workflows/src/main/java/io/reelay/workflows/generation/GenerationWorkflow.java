package io.reelay.workflows.generation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One generation, from admission to settlement. Workflow id: {@link GenerationIds#workflowId}.
 */
@WorkflowInterface
public interface GenerationWorkflow {

  /** Runs the generation to its end; see the package documentation for the steps. */
  @WorkflowMethod
  GenerationOutcome run(GenerationRequest request);

  /**
   * Blocks until the reserve step has decided whether the generation is admitted. The API sends
   * it with update-with-start so that a 402 can be answered synchronously.
   */
  @UpdateMethod(
      name = "awaitAdmission",
      description =
          "Waits until credits are reserved (admitted) or refused; answers {admitted, errorCode,"
              + " message}. Sent by the API with update-with-start.")
  Admission awaitAdmission();

  /** A provider called our webhook for this generation; the workflow confirms by polling. */
  @SignalMethod(
      name = "providerCallback",
      description =
          "The provider called our webhook for this generation (sent by the API after checking the"
              + " callback token). A hint only: the workflow polls the provider at once to confirm.")
  void providerCallback(ProviderCallback callback);

  /** Where the generation is right now: status, step, progress, provider job and counters. */
  @QueryMethod(
      name = "status",
      description =
          "Where the generation is now: status (pending, processing, completed, failed, canceled,"
              + " rejected), step (admit, submit, wait, store, settle, done), progress %, provider,"
              + " provider job id, polls and callbacks so far.")
  GenerationView status();
}
