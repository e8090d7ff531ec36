package io.reelay.workflows.generation;

import static io.reelay.workflows.generation.Fakes.running;
import static io.reelay.workflows.generation.Fakes.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The priority key each activity of a generation is scheduled with, read from its history: what
 * finishes a generation and settles its money goes ahead of what starts another.
 */
class GenerationWorkflowPriorityTest extends GenerationWorkflowTestBase {

  @Test
  void finishingAndSettlingGoAheadOfStarting() throws Exception {
    provider.pollAnswer = Fakes.FakeProvider.script(running(40), succeeded());
    String id = "priority-poll";

    result(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    assertEquals(
        List.of(
            entry("record created", 4),
            entry("reserve $0.60", 4),
            entry("submit to sim", 4),
            entry("record submitted to sim job job-1", 3),
            entry("poll #1", 3),
            entry("record progress 40 %", 3),
            entry("poll #2", 3),
            entry("record progress 100 %", 3),
            entry("store video of job-1", 2),
            entry("capture $0.50", 1),
            entry("record completed", 1)),
        scheduled(id));
  }

  @Test
  void aFailureReleasesAndRecordsAtTheFirstKey() throws Exception {
    provider.pollAnswer = n -> Fakes.failed("CONTENT_POLICY", "the prompt was refused");
    String id = "priority-failed";

    applicationFailure(startAndGet(request(id, new WaitPolicy(false, 5, 3600)), id));

    List<Map.Entry<String, Integer>> scheduled = scheduled(id);
    assertEquals(entry("release $0.60", 1), scheduled.get(scheduled.size() - 2));
    assertEquals(entry("record failed: PROVIDER_FAILED", 1), scheduled.get(scheduled.size() - 1));
  }

  private List<Map.Entry<String, Integer>> scheduled(String id) {
    return client.fetchHistory(GenerationIds.workflowId(id)).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> entry(summary(e), priorityKey(e)))
        .toList();
  }

  private static int priorityKey(HistoryEvent event) {
    return event.getActivityTaskScheduledEventAttributes().getPriority().getPriorityKey();
  }

  private static Map.Entry<String, Integer> entry(String summary, int key) {
    return new SimpleEntry<>(summary, key);
  }
}
