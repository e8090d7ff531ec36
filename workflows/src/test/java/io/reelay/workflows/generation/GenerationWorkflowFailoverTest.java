package io.reelay.workflows.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.generation.ProviderActivities.PollJob;
import io.reelay.workflows.generation.ProviderActivities.SubmitJob;
import io.reelay.workflows.generation.ProviderActivities.SubmittedJob;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's route: the next provider takes the job when one refuses it or stalls. */
class GenerationWorkflowFailoverTest extends GenerationWorkflowTestBase {

  private static GenerationRequest routed(String id, List<ProviderRoute> route) {
    GenerationRequest base = request(id, route.get(0).waitPolicy());
    return new GenerationRequest(
        base.generationId(),
        base.accountId(),
        base.model(),
        route.get(0).provider(),
        base.spec(),
        route.get(0).waitPolicy(),
        base.estimatedCostMicros(),
        base.pricePerSecondMicros(),
        route);
  }

  @Test
  void aDefinitiveRefusalHandsTheJobToTheNextProvider() throws Exception {
    WaitPolicy poll = new WaitPolicy(false, 5, 600);
    provider.submitAnswer =
        job -> {
          if (job.provider().equals("vinci")) {
            throw ApplicationFailure.newNonRetryableFailure("no balance upstream", ProviderActivities.PROVIDER_REJECTED);
          }
          return SubmittedJob.submitted("sim-job");
        };
    provider.pollAnswer = Fakes.FakeProvider.script(Fakes.succeeded());
    String id = "failover-refused";
    start(routed(id, List.of(new ProviderRoute("vinci", poll), new ProviderRoute("sim", poll))));

    GenerationOutcome outcome = result(id);
    assertEquals("completed", outcome.status());
    assertEquals(List.of("vinci", "sim"), provider.submits.stream().map(SubmitJob::provider).toList());
    assertEquals(List.of("sim"), provider.polls.stream().map(PollJob::provider).distinct().toList());
    assertEquals(List.of("sim"), assets.stores.stream().map(s -> s.provider()).toList());
    assertEquals(1, ledger.captures.size(), "charged once");
    assertEquals("sim", records.submitted.get(records.submitted.size() - 1).provider());
    assertEquals("sim", providerAttribute(id));
  }

  @Test
  void aStalledProviderIsCanceledThereAndTheNextOneDeliversWithOneCharge() throws Exception {
    WaitPolicy stallsAfterAMinute = new WaitPolicy(false, 10, 60);
    provider.submitAnswer = job -> SubmittedJob.submitted(job.provider() + "-job");
    // vinci never finishes; sim finishes at once
    provider.pollAnswer = n -> Fakes.running(10);
    provider.pollAnswerFor = job -> job.provider().equals("sim") ? Fakes.succeeded() : Fakes.running(10);
    String id = "failover-stalled";
    start(routed(id, List.of(new ProviderRoute("vinci", stallsAfterAMinute), new ProviderRoute("sim", stallsAfterAMinute))));

    assertEquals("completed", result(id).status());
    assertEquals(List.of("vinci-job"), provider.cancels.stream().map(PollJob::providerJobId).toList(), "the stalled job is canceled upstream");
    assertEquals(List.of("sim"), assets.stores.stream().map(s -> s.provider()).toList());
    assertEquals(1, ledger.captures.size());
    assertEquals(0, ledger.releases.size());
  }

  @Test
  void whenEveryProviderRefusesTheGenerationFailsAndReleases() throws Exception {
    WaitPolicy poll = new WaitPolicy(false, 5, 600);
    provider.submitAnswer =
        job -> {
          throw ApplicationFailure.newNonRetryableFailure("refused by " + job.provider(), ProviderActivities.PROVIDER_REJECTED);
        };
    String id = "failover-exhausted";
    start(routed(id, List.of(new ProviderRoute("vinci", poll), new ProviderRoute("sim", poll))));

    assertEquals("PROVIDER_REJECTED", applicationFailure(id).getType());
    assertEquals(2, provider.submits.size());
    assertEquals(List.of(id), ledger.releases);
    assertEquals(0, ledger.captures.size());
  }

  @Test
  void aHeldBackSubmissionWaitsOnADurableTimerAndThenGoes() throws Exception {
    WaitPolicy poll = new WaitPolicy(false, 5, 600);
    provider.submitAnswer =
        job ->
            provider.submits.size() < 3
                ? SubmittedJob.heldBack(40_000, "venice submit budget of 40 calls a minute is spent")
                : SubmittedJob.submitted("venice-job");
    provider.pollAnswer = Fakes.FakeProvider.script(Fakes.succeeded());
    String id = "held-back";
    start(routed(id, List.of(new ProviderRoute("venice", poll))));

    assertEquals("completed", result(id).status());
    assertEquals(3, provider.submits.size());
    assertTrue(provider.submits.stream().allMatch(SubmitJob::lastResort), "no provider follows venice");
    List<String> timerSummaries = timerSummaries(id);
    assertEquals(2, timerSummaries.stream().filter(t -> t.contains("held back by venice")).count(), timerSummaries.toString());
    assertEquals(1, ledger.captures.size());
  }

  @Test
  void aHoldThatOutlastsTheDeadlineFailsOverAndOnTheLastProviderFailsWithARelease() throws Exception {
    WaitPolicy shortDeadline = new WaitPolicy(false, 5, 60);
    provider.submitAnswer = job -> SubmittedJob.heldBack(25_000, "the circuit for " + job.provider() + " is open");
    String id = "held-too-long";
    start(routed(id, List.of(new ProviderRoute("vinci", shortDeadline), new ProviderRoute("sim", shortDeadline))));

    ApplicationFailure failure = applicationFailure(id);
    assertEquals("PROVIDER_UNAVAILABLE", failure.getType());
    assertTrue(failure.getOriginalMessage().contains("circuit for sim is open"), failure.getOriginalMessage());
    List<String> tried = provider.submits.stream().map(SubmitJob::provider).distinct().toList();
    assertEquals(List.of("vinci", "sim"), tried);
    assertEquals(false, provider.submits.get(0).lastResort());
    assertEquals(true, provider.submits.get(provider.submits.size() - 1).lastResort());
    assertEquals(List.of(id), ledger.releases);
    assertEquals(0, ledger.captures.size());
    assertEquals(0, provider.cancels.size(), "nothing ran upstream, nothing to cancel");
  }
}
