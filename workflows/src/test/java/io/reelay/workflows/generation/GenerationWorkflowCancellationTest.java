package io.reelay.workflows.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.generation.Fakes.Gate;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancellation races around admission and submission: a cancel that lands while an activity is
 * in flight must still leave the ledger, the provider and the read model consistent.
 */
class GenerationWorkflowCancellationTest extends GenerationWorkflowTestBase {

  /**
   * A cancel that arrives while Submit is running must not abandon the submit: the provider may
   * accept the job, and that job has to be canceled upstream while the hold is released.
   */
  @Test
  void cancelDuringSubmitCancelsTheJobTheProviderAccepted() throws Exception {
    Gate submitGate = new Gate();
    provider.submitGate = submitGate;
    provider.pollAnswer = n -> Fakes.running(0);
    String id = "cancel-submit";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    submitGate.awaitEntered();
    WorkflowStub.fromTyped(stub).cancel();
    Thread.sleep(300); // the cancel reaches the workflow while the submit is held
    submitGate.open(); // the provider answers: it did accept job-1
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(id));
    assertInstanceOf(CanceledFailure.class, e.getCause());

    assertEquals(1, provider.submits.size());
    assertEquals(List.of(id), ledger.releases);
    assertEquals(
        1, provider.cancels.size(), "the job the provider accepted must be canceled upstream");
  }

  /**
   * A cancel that arrives before the reserve: the workflow reserves nothing, releases whatever the
   * create call may have reserved already, the read model learns of the cancel, and the admission
   * update already in flight gets an answer (not admitted).
   */
  @Test
  void cancelBeforeTheReserveIsRecordedAndAnswered() throws Exception {
    Gate createdGate = new Gate();
    records.createdGate = createdGate;
    String id = "cancel-created";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    createdGate.awaitEntered();
    WorkflowUpdateHandle<Admission> admission =
        WorkflowClient.startUpdate(
            stub::awaitAdmission,
            UpdateOptions.<Admission>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                .build());
    WorkflowStub.fromTyped(stub).cancel();
    Thread.sleep(300); // the cancel reaches the workflow while RecordCreated is held
    createdGate.open();
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(id));
    assertInstanceOf(CanceledFailure.class, e.getCause());

    assertTrue(ledger.reserves.isEmpty());
    assertEquals(List.of(id), ledger.releases, "a hold the create call placed must not be left behind");
    assertEquals(List.of(id), records.canceled, "the read model must learn of the cancel");
    assertEquals("canceled", statusAttribute(id));
    assertTrue(
        !admission.getResult(5, TimeUnit.SECONDS).admitted(),
        "the admission update must be answered");
  }

  /**
   * A cancel that arrives while a reserve that will be refused is running: the read model still
   * gets exactly one terminal record.
   */
  @Test
  void cancelDuringARefusedReserveStillRecordsTheRejection() throws Exception {
    Gate reserveGate = new Gate();
    ledger.reserveGate = reserveGate;
    ledger.reserveAnswer = r -> new ReserveResult(false, "INSUFFICIENT_CREDITS", "too poor");
    String id = "cancel-refused";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    reserveGate.awaitEntered();
    WorkflowStub.fromTyped(stub).cancel();
    Thread.sleep(300); // the cancel reaches the workflow while the reserve is held
    reserveGate.open();
    try {
      result(id);
    } catch (WorkflowFailedException ignored) {
      // either ending is acceptable; what matters is that the read model is told
    }

    assertTrue(provider.submits.isEmpty());
    assertTrue(
        records.rejected.size() + records.canceled.size() == 1,
        "exactly one terminal record expected, calls were " + records.calls);
  }
}
