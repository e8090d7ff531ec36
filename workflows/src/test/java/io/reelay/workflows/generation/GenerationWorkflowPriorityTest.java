package io.reelay.workflows.generation;

import static io.reelay.workflows.generation.Fakes.running;
import static io.reelay.workflows.generation.Fakes.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The priority key each activity task of a generation is scheduled with, read from its history:
 * what finishes a generation goes ahead of what starts another. After admission the bookkeeping
 * (read model, ledger) runs as local activities inside the workflow's own tasks: it waits on no
 * queue.
 */
class GenerationWorkflowPriorityTest extends GenerationWorkflowTestBase {

  @Test
  void finishingGoesAheadOfStartingAndBookkeepingRunsLocally() throws Exception {
    provider.pollAnswer = Fakes.FakeProvider.script(running(40), succeeded());
    String id = "priority-poll";

    result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals(
        List.of(
            entry("record created", 4),
            entry("reserve $0.60", 4),
            entry("submit to sim", 4),
            entry("record submitted to sim job job-1", LOCAL),
            entry("poll #1", 3),
            entry("record progress 40 %", LOCAL),
            entry("poll #2", 3),
            entry("record progress 100 %", LOCAL),
            entry("store video of job-1", 2),
            entry("capture $0.50", LOCAL),
            entry("record completed", LOCAL)),
        activities(id));
  }

  @Test
  void aFailureReleasesAndRecordsLocally() throws Exception {
    provider.pollAnswer = n -> Fakes.failed("CONTENT_POLICY", "the prompt was refused");
    String id = "priority-failed";

    applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    List<Map.Entry<String, Integer>> activities = activities(id);
    assertEquals(entry("release $0.60", LOCAL), activities.get(activities.size() - 2));
    assertEquals(entry("record failed: PROVIDER_FAILED", LOCAL), activities.get(activities.size() - 1));
  }
}
