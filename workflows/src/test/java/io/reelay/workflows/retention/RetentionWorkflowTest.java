package io.reelay.workflows.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep's batching on the time-skipping test server, with a scripted store. */
class RetentionWorkflowTest {

  private static final String QUEUE = "retention-test";

  /** Answers the scripted batches in order, then nothing; expires what it is given. */
  static final class ScriptedStore implements RetentionActivities {
    final Deque<List<String>> batches = new ArrayDeque<>();
    final List<List<String>> expireCalls = new CopyOnWriteArrayList<>();
    volatile boolean endless;

    @Override
    public List<String> dueToExpire(int limit) {
      if (endless) {
        return IntStream.range(0, limit).mapToObj(i -> "g" + i).toList();
      }
      List<String> next = batches.poll();
      return next == null ? List.of() : next;
    }

    @Override
    public int expire(List<String> generationIds) {
      expireCalls.add(List.copyOf(generationIds));
      return generationIds.size();
    }
  }

  private TestWorkflowEnvironment env;
  private final ScriptedStore store = new ScriptedStore();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(RetentionWorkflowImpl.class);
    worker.registerActivitiesImplementations(store);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private RetentionWorkflow newSweep(String id) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            RetentionWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
  }

  @Test
  void nothingDueExpiresNothing() {
    assertEquals(new RetentionSweep(0, false), newSweep("sweep-empty").sweep());
    assertTrue(store.expireCalls.isEmpty());
  }

  @Test
  void expiresEveryBatchUntilNoneIsDueAndNamesEachBatchInItsSummary() {
    store.batches.add(List.of("a", "b", "c"));
    store.batches.add(List.of("d"));

    RetentionSweep sweep = newSweep("sweep-two-batches").sweep();

    assertEquals(new RetentionSweep(4, false), sweep);
    assertEquals(List.of(List.of("a", "b", "c"), List.of("d")), store.expireCalls);
    List<String> summaries = new ArrayList<>();
    for (HistoryEvent event : env.getWorkflowClient().fetchHistory("sweep-two-batches").getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        summaries.add(
            io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                event.getUserMetadata().getSummary(), String.class, String.class));
      }
    }
    assertEquals(
        List.of(
            "find videos due to expire", "expire 3 videos",
            "find videos due to expire", "expire 1 video",
            "find videos due to expire"),
        summaries);
  }

  @Test
  void stopsAtItsBatchCapAndSaysMoreIsDue() {
    store.endless = true;

    RetentionSweep sweep = newSweep("sweep-capped").sweep();

    assertTrue(sweep.more());
    assertEquals(RetentionWorkflowImpl.MAX_BATCHES, store.expireCalls.size());
    assertEquals(RetentionWorkflowImpl.MAX_BATCHES * RetentionWorkflowImpl.BATCH_SIZE, sweep.expired());
    assertFalse(store.expireCalls.stream().anyMatch(List::isEmpty));
  }
}
