package io.reelay.workflows.generation;

import static io.reelay.workflows.generation.Fakes.failed;
import static io.reelay.workflows.generation.Fakes.running;
import static io.reelay.workflows.generation.Fakes.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowInteractionDefinition;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of a generation in the Temporal UI: a summary on every activity and
 * timer, current details that follow the job, and a described query, update and signal. The UI
 * reads the summaries from history and the rest from the {@code __temporal_workflow_metadata}
 * query, which is what these tests read too.
 */
class GenerationWorkflowUiMetadataTest extends GenerationWorkflowTestBase {

  @Test
  void everyActivityAndTimerOfAPolledGenerationHasASummary() throws Exception {
    provider.pollAnswer = Fakes.FakeProvider.script(running(40), succeeded());
    String id = "ui-poll";

    result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    List<String> activities = activitySummaries(id);
    assertEquals(
        List.of(
            "record created",
            "reserve $0.60",
            "submit to sim",
            "record submitted to sim job job-1",
            "poll #1",
            "record progress 40 %",
            "poll #2",
            "record progress 100 %",
            "store video of job-1",
            "capture $0.50",
            "record completed"),
        activities);
    assertEquals(List.of("poll #1 in 5 s", "poll #2 in 5 s"), timerSummaries(id));
    assertEquals(
        "completed: $0.50 captured for 5.0 s of video", metadata(id).getCurrentDetails());
  }

  @Test
  void aCallbackEndsTheNamedPollWaitEarly() throws Exception {
    AtomicBoolean jobDone = new AtomicBoolean();
    provider.pollAnswer = n -> jobDone.get() ? succeeded() : running(10);
    String id = "ui-callback";

    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    stub.awaitAdmission();
    awaitStep(stub, "wait");
    awaitCondition(
        () -> metadata(id).getCurrentDetails().equals("waiting for sim job job-1, 0 % (0 polls, 0 callbacks)"),
        "the waiting details; were: " + metadata(id).getCurrentDetails());

    jobDone.set(true);
    stub.providerCallback(new ProviderCallback(JOB, "succeeded"));
    result(id);

    assertEquals(List.of("callback from sim or poll #1 in 300 s"), timerSummaries(id));
    // canceled, not left to fire: the history says the callback ended the wait
    assertEquals(1, events(id, EventType.EVENT_TYPE_TIMER_CANCELED).size());
    assertTrue(events(id, EventType.EVENT_TYPE_TIMER_FIRED).isEmpty());
  }

  @Test
  void aFailedGenerationSaysWhyInItsDetails() throws Exception {
    provider.pollAnswer = n -> failed("CONTENT_POLICY", "the prompt was refused");
    String id = "ui-failed";

    applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals(
        "failed: PROVIDER_FAILED: CONTENT_POLICY: the prompt was refused; the hold was released",
        metadata(id).getCurrentDetails());
    List<String> activities = activitySummaries(id);
    assertTrue(activities.contains("release $0.60"), activities::toString);
    assertEquals("record failed: PROVIDER_FAILED", activities.get(activities.size() - 1));
  }

  @Test
  void queryUpdateAndSignalAreDescribed() throws Exception {
    provider.pollAnswer = n -> running(10);
    String id = "ui-described";
    GenerationWorkflow stub = start(request(id, new WaitPolicy(true, 300, 3600)));
    stub.awaitAdmission();

    var definition = metadata(id).getDefinition();

    assertEquals("GenerationWorkflow", definition.getType());
    Map<String, String> queries = described(definition.getQueryDefinitionsList());
    assertTrue(queries.get("status").startsWith("Where the generation is now"), queries::toString);
    Map<String, String> signals = described(definition.getSignalDefinitionsList());
    assertTrue(signals.get("providerCallback").contains("callback token"), signals::toString);
    Map<String, String> updates = described(definition.getUpdateDefinitionsList());
    assertTrue(updates.get("awaitAdmission").contains("reserved"), updates::toString);
    assertFalse(metadata(id).getCurrentDetails().isEmpty(), "details while running");
  }

  // ------------------------------------------------------------------------------- helpers

  private WorkflowMetadata metadata(String id) {
    return client
        .newUntypedWorkflowStub(GenerationIds.workflowId(id))
        .query("__temporal_workflow_metadata", WorkflowMetadata.class);
  }

  /** Every activity's summary, local ones too (the UI shows their markers with the summary). */
  private List<String> activitySummaries(String id) {
    return activities(id).stream().map(Map.Entry::getKey).toList();
  }

  private List<HistoryEvent> events(String id, EventType type) {
    return client.fetchHistory(GenerationIds.workflowId(id)).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == type)
        .toList();
  }

  private static Map<String, String> described(List<WorkflowInteractionDefinition> definitions) {
    return definitions.stream()
        .collect(
            Collectors.toMap(
                WorkflowInteractionDefinition::getName, WorkflowInteractionDefinition::getDescription));
  }
}
