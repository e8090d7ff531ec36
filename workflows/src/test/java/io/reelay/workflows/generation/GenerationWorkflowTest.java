package io.reelay.workflows.generation;

import static io.reelay.workflows.generation.Fakes.failed;
import static io.reelay.workflows.generation.Fakes.running;
import static io.reelay.workflows.generation.Fakes.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.generation.Fakes.Completed;
import io.reelay.workflows.generation.Fakes.FakeAssets;
import io.reelay.workflows.generation.Fakes.FakeProvider;
import io.reelay.workflows.generation.Fakes.Failure;
import io.reelay.workflows.generation.Fakes.Gate;
import io.reelay.workflows.generation.Fakes.Submitted;
import io.reelay.workflows.generation.LedgerActivities.CaptureRequest;
import io.reelay.workflows.generation.LedgerActivities.ReserveRequest;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import io.reelay.workflows.generation.ProviderActivities.PollJob;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generation workflow, branch by branch, on the time-skipping test server. */
class GenerationWorkflowTest extends GenerationWorkflowTestBase {

  // ------------------------------------------------------------------------- happy paths

  /** Case 1: the provider calls back; the workflow polls once and settles without waiting. */
  @Test
  void callbackPathCompletesOnTheCallbackNotOnThePollInterval() throws Exception {
    AtomicBoolean jobDone = new AtomicBoolean();
    provider.pollAnswer = n -> jobDone.get() ? succeeded() : running(10);
    String id = "cb-1";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    assertEquals(Admission.accepted(), stub.awaitAdmission());
    awaitStep(stub, "wait");

    // waiting: nothing polled yet, the status query shows the submitted job
    assertEquals(
        new GenerationView("processing", "wait", 0, PROVIDER, JOB, 0, 0), stub.status());
    assertTrue(provider.polls.isEmpty(), "must not poll before the interval or a callback");

    jobDone.set(true);
    stub.providerCallback(new ProviderCallback(JOB, "succeeded"));
    GenerationOutcome outcome = result(id);

    long actual = GenerationWorkflowImpl.costOf(5_000, PRICE);
    assertEquals(new GenerationOutcome("completed", actual, null), outcome);
    assertEquals(1, provider.polls.size(), "one confirming poll after the callback");
    assertTrue(
        workflowMillis(id) < 300_000,
        "workflow clock advanced " + workflowMillis(id) + " ms: it waited for the poll interval");

    assertEquals(1, provider.submits.size());
    assertTrue(provider.submits.get(0).requestCallback(), "asks the provider to call back");
    assertEquals(List.of(new ReserveRequest(id, ACCOUNT, HOLD)), ledger.reserves);
    assertEquals(List.of(new CaptureRequest(id, actual)), ledger.captures);
    assertTrue(ledger.releases.isEmpty(), "a completed generation must not release its hold");
    assertEquals(List.of(new Submitted(id, PROVIDER, JOB)), records.submitted);
    assertEquals(List.of(new Completed(id, FakeAssets.video(5_000), actual)), records.completed);
    assertEquals(List.of(100), records.progress);
    assertTrue(records.failed.isEmpty() && records.canceled.isEmpty() && records.rejected.isEmpty());
    assertEquals(1, assets.stores.size());
    assertEquals(JOB, assets.stores.get(0).providerJobId());
    assertTrue(provider.cancels.isEmpty());
    assertEquals("completed", statusAttribute(id));
  }

  /**
   * A provider that should call back but never does: the poll interval is the fallback. This also
   * shows that the clock measurement of the callback tests can tell the two paths apart.
   */
  @Test
  void missingCallbackFallsBackToPollingAfterTheInterval() throws Exception {
    provider.pollAnswer = n -> succeeded();
    String id = "cb-missing";

    GenerationOutcome outcome =
        result(startAndGet(request(id, new WaitPolicy(true, 300, 3600)), id));

    assertEquals("completed", outcome.status());
    assertEquals(1, provider.polls.size());
    long elapsed = workflowMillis(id);
    assertTrue(elapsed >= 300_000 && elapsed < 600_000, "polled after " + elapsed + " ms");
    assertEquals(1, ledger.captures.size());
  }

  /** Case 2: no callbacks; the workflow polls every interval and records each new progress. */
  @Test
  void pollingPathRecordsProgressAndCompletes() throws Exception {
    provider.pollAnswer =
        FakeProvider.script(running(30), running(30), running(60), succeeded());
    String id = "poll-1";

    GenerationOutcome outcome = result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    long actual = GenerationWorkflowImpl.costOf(5_000, PRICE);
    assertEquals(new GenerationOutcome("completed", actual, null), outcome);
    assertFalse(provider.submits.get(0).requestCallback(), "no callback requested");
    assertEquals(4, provider.polls.size());
    assertEquals(
        List.of(1, 2, 3, 4),
        provider.polls.stream().map(PollJob::attempt).collect(Collectors.toList()));
    assertTrue(provider.polls.stream().allMatch(p -> JOB.equals(p.providerJobId())));
    assertEquals(List.of(30, 60, 100), records.progress, "progress recorded once per change");
    long elapsed = workflowMillis(id);
    assertTrue(elapsed >= 20_000, "four polls 5 s apart, but the clock advanced only " + elapsed);
    assertEquals(
        List.of("created", "submitted", "progress", "progress", "progress", "completed"),
        records.calls);
    assertEquals(1, ledger.reserves.size());
    assertEquals(List.of(new CaptureRequest(id, actual)), ledger.captures);
    assertTrue(ledger.releases.isEmpty());
    assertEquals(List.of(new Completed(id, FakeAssets.video(5_000), actual)), records.completed);
  }

  /** The workflow asks to capture the real cost; what it records is what the ledger captured. */
  @Test
  void videoLongerThanEstimatedIsCappedAtTheHold() throws Exception {
    assets.durationMillis = 8_000; // 8 s at $0.10/s = $0.80 > $0.60 hold
    provider.pollAnswer = n -> succeeded();
    String id = "cap-1";

    GenerationOutcome outcome = result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals(List.of(new CaptureRequest(id, 800_000)), ledger.captures);
    assertEquals(new GenerationOutcome("completed", HOLD, null), outcome);
    assertEquals(List.of(new Completed(id, FakeAssets.video(8_000), HOLD)), records.completed);
    assertTrue(ledger.releases.isEmpty());
  }

  /** Case 3: the callback arrives while submit is still running; it must not be lost. */
  @Test
  void callbackBeforeSubmitReturnsIsNotLost() throws Exception {
    Gate submitGate = new Gate();
    provider.submitGate = submitGate;
    provider.pollAnswer = n -> succeeded();
    String id = "early-cb";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 600, 3600)));
    submitGate.awaitEntered();
    stub.providerCallback(new ProviderCallback(JOB, "succeeded"));
    awaitCondition(() -> stub.status().callbacks() == 1, "the callback to be handled");
    GenerationView during = stub.status();
    assertEquals("submit", during.step(), "the callback must have arrived during submit");
    assertNull(during.providerJobId());
    submitGate.open();

    GenerationOutcome outcome = result(id);

    assertEquals("completed", outcome.status());
    assertEquals(1, provider.polls.size());
    long elapsed = workflowMillis(id);
    assertTrue(
        elapsed < 600_000,
        "the early callback was lost: the workflow waited " + elapsed + " ms for the poll interval");
    assertEquals(1, ledger.captures.size());
    assertTrue(ledger.releases.isEmpty());
    assertEquals(1, records.completed.size());
  }

  /** Case 8: many callbacks for one job: still polled on demand, stored and captured once. */
  @Test
  void duplicateCallbacksSettleExactlyOnce() throws Exception {
    AtomicBoolean jobDone = new AtomicBoolean();
    provider.pollAnswer = n -> jobDone.get() ? succeeded() : running(50);
    Gate storeGate = new Gate();
    assets.storeGate = storeGate;
    String id = "dup-cb";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    awaitStep(stub, "wait");
    for (int i = 0; i < 3; i++) {
      stub.providerCallback(new ProviderCallback(JOB, "running"));
    }
    // at least one of those callbacks was confirmed by a poll that saw the job still running
    awaitCondition(() -> records.progress.contains(50), "a poll answering RUNNING");
    jobDone.set(true);
    for (int i = 0; i < 3; i++) {
      stub.providerCallback(new ProviderCallback(JOB, "succeeded"));
    }
    storeGate.awaitEntered();
    // still open (store is held), so every callback arrived before completion
    awaitCondition(() -> stub.status().callbacks() == 6, "all six callbacks to be counted");
    assertEquals("store", stub.status().step());
    stub.providerCallback(new ProviderCallback(JOB, "succeeded")); // one more during store
    storeGate.open();

    GenerationOutcome outcome = result(id);

    assertEquals("completed", outcome.status());
    assertEquals(1, ledger.captures.size(), "captured exactly once");
    assertEquals(1, records.completed.size(), "completed recorded exactly once");
    assertEquals(1, assets.stores.size(), "stored exactly once");
    assertEquals(1, provider.submits.size());
    assertTrue(ledger.releases.isEmpty());
    int polls = provider.polls.size();
    assertTrue(polls >= 2 && polls <= 6, "polls were " + polls);
    assertTrue(workflowMillis(id) < 300_000, "driven by callbacks, not by the interval");
    assertEquals(List.of(50, 100), records.progress);
  }

  /** A poll that fails even after its retries is not fatal: the next interval polls again. */
  @Test
  void transientPollFailureIsRetriedOnTheNextInterval() throws Exception {
    provider.pollAnswer =
        n -> {
          if (n <= 3) {
            throw new IllegalStateException("provider returned 503");
          }
          return succeeded();
        };
    String id = "poll-503";

    GenerationOutcome outcome = result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("completed", outcome.status());
    // three attempts of poll #1 (its retry policy), then poll #2 succeeds
    assertEquals(
        List.of(1, 1, 1, 2),
        provider.polls.stream().map(PollJob::attempt).collect(Collectors.toList()));
    assertEquals(1, ledger.captures.size());
    assertTrue(ledger.releases.isEmpty());
  }

  // --------------------------------------------------------------------------- admission

  /** Case 9: the update answers admitted=true once the hold is placed. */
  @Test
  void awaitAdmissionOnAnAdmittedWorkflowAnswersAdmitted() throws Exception {
    AtomicBoolean jobDone = new AtomicBoolean();
    provider.pollAnswer = n -> jobDone.get() ? succeeded() : running(0);
    String id = "admit-1";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    Admission admission = stub.awaitAdmission();

    assertTrue(admission.admitted());
    assertNull(admission.errorCode());
    assertNull(admission.message());
    assertEquals(1, ledger.reserves.size(), "admission is answered after the reserve");
    // asked again later, the same answer
    awaitStep(stub, "wait");
    assertEquals(Admission.accepted(), stub.awaitAdmission());

    jobDone.set(true);
    stub.providerCallback(new ProviderCallback(JOB, "succeeded"));
    assertEquals("completed", result(id).status());
  }

  /**
   * Bookkeeping that fails (its database down) is retried until it succeeds, also as a local
   * activity: the generation completes, captured once, instead of failing and releasing a hold
   * whose video was delivered.
   */
  @Test
  void failingBookkeepingIsRetriedUntilItSucceeds() throws Exception {
    provider.pollAnswer = n -> succeeded();
    ledger.captureOutage.set(2);
    records.completedOutage.set(2);
    String id = "bookkeeping-outage";

    GenerationOutcome outcome = result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("completed", outcome.status());
    assertEquals(1, ledger.captures.size(), "captured once");
    assertTrue(ledger.releases.isEmpty(), "nothing released");
    assertEquals(1, records.completed.size());
    assertTrue(records.failed.isEmpty());
    assertEquals(0, ledger.captureOutage.get() + records.completedOutage.get(), "every failing call was retried");
  }

  /** An update sent before the reserve has finished blocks until it has. */
  @Test
  void awaitAdmissionWaitsForTheReserve() throws Exception {
    Gate reserveGate = new Gate();
    ledger.reserveGate = reserveGate;
    provider.pollAnswer = n -> succeeded();
    String id = "admit-wait";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(false, 5, 3600)));
    reserveGate.awaitEntered();
    WorkflowUpdateHandle<Admission> handle =
        WorkflowClient.startUpdate(
            stub::awaitAdmission,
            UpdateOptions.<Admission>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                .build());
    CompletableFuture<Admission> answer = handle.getResultAsync();
    Thread.sleep(300);
    assertFalse(answer.isDone(), "answered before the reserve finished: " + answer.getNow(null));

    reserveGate.open();
    assertEquals(Admission.accepted(), answer.get(20, TimeUnit.SECONDS));
    assertEquals("completed", result(id).status());
  }

  /** Case 7: not enough credit: refused at admission, never submitted, nothing to settle. */
  @Test
  void insufficientCreditsIsRejectedAtAdmission() throws Exception {
    String message = "available $0.10 is less than the $0.60 hold";
    ledger.reserveAnswer = r -> new ReserveResult(false, "INSUFFICIENT_CREDITS", message);
    Gate reserveGate = new Gate(); // the update is in before the reserve answers
    ledger.reserveGate = reserveGate;
    String id = "poor-1";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    reserveGate.awaitEntered();
    WorkflowUpdateHandle<Admission> handle =
        WorkflowClient.startUpdate(
            stub::awaitAdmission,
            UpdateOptions.<Admission>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED).build());
    reserveGate.open();
    Admission admission = handle.getResult(20, TimeUnit.SECONDS);

    assertEquals(new Admission(false, "INSUFFICIENT_CREDITS", message), admission);
    GenerationOutcome outcome = result(id);
    assertEquals(new GenerationOutcome("rejected", 0, "INSUFFICIENT_CREDITS"), outcome);
    assertTrue(provider.submits.isEmpty(), "a rejected generation is never submitted");
    assertTrue(provider.polls.isEmpty());
    assertTrue(ledger.captures.isEmpty());
    assertTrue(ledger.releases.isEmpty(), "no hold was placed, none to release");
    assertTrue(assets.stores.isEmpty());
    assertEquals(List.of(new Failure(id, "INSUFFICIENT_CREDITS", message)), records.rejected);
    assertEquals(List.of("created", "rejected"), records.calls);
    assertEquals("rejected", statusAttribute(id));
  }

  /** Case 7 as the API does it: update-with-start answers the refusal synchronously. */
  @Test
  void insufficientCreditsThroughUpdateWithStart() throws Exception {
    ledger.reserveAnswer = r -> new ReserveResult(false, "INSUFFICIENT_CREDITS", "too poor");
    String id = "poor-uws";
    GenerationWorkflow stub =
        client.newWorkflowStub(
            GenerationWorkflow.class,
            options(id).toBuilder()
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());

    Admission admission =
        WorkflowClient.executeUpdateWithStart(
            stub::awaitAdmission,
            UpdateOptions.<Admission>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            new WithStartWorkflowOperation<>(
                stub::run, request(id, new WaitPolicy(true, 300, 3600))));

    assertEquals(new Admission(false, "INSUFFICIENT_CREDITS", "too poor"), admission);
    assertEquals(new GenerationOutcome("rejected", 0, "INSUFFICIENT_CREDITS"), result(id));
    assertTrue(provider.submits.isEmpty());
    assertTrue(ledger.captures.isEmpty() && ledger.releases.isEmpty());
    assertEquals(1, records.rejected.size());
  }

  /** Case 9 as the API does it: update-with-start answers admitted=true. */
  @Test
  void admittedThroughUpdateWithStart() throws Exception {
    provider.pollAnswer = n -> succeeded();
    String id = "rich-uws";
    GenerationWorkflow stub =
        client.newWorkflowStub(
            GenerationWorkflow.class,
            options(id).toBuilder()
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());

    Admission admission =
        WorkflowClient.executeUpdateWithStart(
            stub::awaitAdmission,
            UpdateOptions.<Admission>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            new WithStartWorkflowOperation<>(
                stub::run, request(id, new WaitPolicy(false, 5, 3600))));

    assertEquals(Admission.accepted(), admission);
    assertEquals("completed", result(id).status());
    assertEquals(1, ledger.captures.size());
  }

  // ---------------------------------------------------------------------------- failures

  /** Case 4a: the provider reports FAILED: the workflow fails and gives the hold back. */
  @Test
  void providerFailureFailsTheWorkflowAndReleasesTheHold() throws Exception {
    provider.pollAnswer =
        FakeProvider.script(running(20), failed("CONTENT_POLICY", "unsafe prompt"));
    String id = "pfail-1";

    ApplicationFailure reason =
        applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("PROVIDER_FAILED", reason.getType());
    assertEquals("CONTENT_POLICY: unsafe prompt", reason.getOriginalMessage());
    assertTrue(reason.isNonRetryable());
    assertEquals(List.of(id), ledger.releases, "released exactly once");
    assertTrue(ledger.captures.isEmpty(), "nothing captured");
    assertTrue(assets.stores.isEmpty(), "nothing stored");
    assertTrue(provider.cancels.isEmpty(), "a failed job needs no upstream cancel");
    assertEquals(
        List.of(new Failure(id, "PROVIDER_FAILED", "CONTENT_POLICY: unsafe prompt")),
        records.failed);
    assertTrue(records.completed.isEmpty() && records.canceled.isEmpty());
    assertEquals("failed", statusAttribute(id));
  }

  /** A job the provider canceled on its own side is a provider failure too. */
  @Test
  void providerCanceledJobIsAProviderFailure() throws Exception {
    provider.pollAnswer = n -> new JobState(JobState.Phase.CANCELED, 0, null, null);
    String id = "pcancel-1";

    ApplicationFailure reason =
        applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("PROVIDER_FAILED", reason.getType());
    assertEquals("the provider canceled the job", reason.getOriginalMessage());
    assertEquals(List.of(id), ledger.releases);
    assertTrue(ledger.captures.isEmpty());
    assertEquals("PROVIDER_FAILED", records.failed.get(0).code());
  }

  /** Case 4b: the provider refuses the job at submission: not retried, failed, released. */
  @Test
  void submitRejectedFailsWithProviderRejected() throws Exception {
    provider.submitAnswer =
        j -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "unknown model", ProviderActivities.PROVIDER_REJECTED);
        };
    String id = "rejected-submit";

    ApplicationFailure reason =
        applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("PROVIDER_REJECTED", reason.getType());
    assertEquals("unknown model", reason.getOriginalMessage());
    assertEquals(1, provider.submits.size(), "a definitive refusal is not retried");
    assertTrue(provider.polls.isEmpty());
    assertTrue(provider.cancels.isEmpty(), "there is no upstream job to cancel");
    assertEquals(List.of(id), ledger.releases);
    assertTrue(ledger.captures.isEmpty());
    assertTrue(records.submitted.isEmpty());
    assertEquals(List.of(new Failure(id, "PROVIDER_REJECTED", "unknown model")), records.failed);
  }

  /** Submit keeps failing transiently: retried up to its limit, then PROVIDER_ERROR. */
  @Test
  void submitThatKeepsFailingEndsAsProviderError() throws Exception {
    provider.submitAnswer =
        j -> {
          throw new IllegalStateException("provider returned 502");
        };
    String id = "submit-502";

    ApplicationFailure reason =
        applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("PROVIDER_ERROR", reason.getType());
    assertEquals("provider returned 502", reason.getOriginalMessage());
    assertEquals(6, provider.submits.size(), "maximum attempts of the submit retry policy");
    assertEquals(List.of(id), ledger.releases);
    assertTrue(ledger.captures.isEmpty());
    assertEquals("PROVIDER_ERROR", records.failed.get(0).code());
  }

  /** The provider refuses a poll (e.g. the job id is unknown): failed, released, no cancel. */
  @Test
  void pollRejectedFailsWithProviderRejected() throws Exception {
    provider.pollAnswer =
        n -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "no such job", ProviderActivities.PROVIDER_REJECTED);
        };
    String id = "rejected-poll";

    ApplicationFailure reason =
        applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals("PROVIDER_REJECTED", reason.getType());
    assertEquals(1, provider.polls.size(), "a refused poll is neither retried nor repeated");
    assertEquals(List.of(id), ledger.releases);
    assertTrue(ledger.captures.isEmpty());
    assertTrue(provider.cancels.isEmpty());
    assertEquals("PROVIDER_REJECTED", records.failed.get(0).code());
  }

  /** Case 5: the provider never finishes: deadline, upstream cancel, hold released. */
  @Test
  void deadlineExceededCancelsUpstreamAndReleases() throws Exception {
    provider.pollAnswer = n -> running(10);
    String id = "slow-1";

    ApplicationFailure reason =
        applicationFailure(startAndGet(request(id, new WaitPolicy(false, 10, 60)), id));

    assertEquals("DEADLINE_EXCEEDED", reason.getType());
    assertEquals("the provider did not finish within 60 s", reason.getOriginalMessage());
    assertEquals(6, provider.polls.size(), "one poll every 10 s for 60 s");
    assertTrue(workflowMillis(id) >= 60_000);
    assertEquals(1, provider.cancels.size(), "upstream job canceled");
    assertEquals(JOB, provider.cancels.get(0).providerJobId());
    assertEquals(List.of(id), ledger.releases);
    assertTrue(ledger.captures.isEmpty());
    assertTrue(assets.stores.isEmpty());
    assertEquals(List.of(10), records.progress);
    assertEquals(
        List.of(new Failure(id, "DEADLINE_EXCEEDED", "the provider did not finish within 60 s")),
        records.failed);
  }

  // ---------------------------------------------------------------------------- cancellation

  /** Case 6: canceled while waiting for the provider. */
  @Test
  void cancelWhileWaitingCancelsUpstreamAndReleases() throws Exception {
    provider.pollAnswer = n -> running(10);
    String id = "cancel-1";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    awaitStep(stub, "wait");
    WorkflowStub.fromTyped(stub).cancel();

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(id));
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertEquals(1, provider.cancels.size(), "upstream cancel once");
    assertEquals(JOB, provider.cancels.get(0).providerJobId());
    assertEquals(List.of(id), ledger.releases, "hold released once");
    assertTrue(ledger.captures.isEmpty(), "nothing captured");
    assertEquals(List.of(id), records.canceled);
    assertTrue(records.failed.isEmpty() && records.completed.isEmpty());
    assertEquals("canceled", statusAttribute(id));
  }

  /** Canceled while the reserve runs: the reserve finishes, then is released; never submitted. */
  @Test
  void cancelDuringReserveReleasesWithoutSubmitting() throws Exception {
    Gate reserveGate = new Gate();
    ledger.reserveGate = reserveGate;
    String id = "cancel-reserve";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    reserveGate.awaitEntered();
    WorkflowStub.fromTyped(stub).cancel();
    Thread.sleep(300); // let the cancel request reach the workflow while the reserve is held
    reserveGate.open();

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(id));
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertTrue(provider.submits.isEmpty(), "never submitted");
    assertTrue(provider.cancels.isEmpty(), "no upstream job to cancel");
    assertEquals(List.of(id), ledger.releases, "the hold placed by the reserve is released");
    assertTrue(ledger.holds.isEmpty());
    assertTrue(ledger.captures.isEmpty());
    assertEquals(List.of(id), records.canceled);
  }
}
