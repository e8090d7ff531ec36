package io.reelay.harness.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.Priority;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The stack's Temporal dev server, started as ./reelay up starts it, dispatches a backlog by
 * priority key, so a generation's settling steps (StepPriority) really go ahead of the steps that
 * start new ones: tasks of keys 1 and 4 queued alternately on a queue nobody polls yet are taken,
 * one at a time, all 1s first.
 */
class TaskPriorityOrderTest {

  private static final String ACTIVITY_QUEUE = "priority-order-activities";
  private static final int TASKS = 20;

  @ActivityInterface
  public interface Step {
    void take(String name);
  }

  @WorkflowInterface
  public interface Backlog {
    @WorkflowMethod
    void queue(int tasks);
  }

  public static class BacklogImpl implements Backlog {
    @Override
    public void queue(int tasks) {
      List<Promise<Void>> queued = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int key = i % 2 == 0 ? 4 : 1;
        Step step =
            Workflow.newActivityStub(
                Step.class,
                ActivityOptions.newBuilder()
                    .setTaskQueue(ACTIVITY_QUEUE)
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setPriority(Priority.newBuilder().setPriorityKey(key).build())
                    .build());
        queued.add(Async.procedure(step::take, "key" + key + "#" + i));
      }
      Promise.allOf(queued).get();
    }
  }

  @Test
  void aBacklogIsTakenInPriorityOrder() throws Exception {
    Path dir = Files.createDirectories(StackOptions.projectRoot().resolve("harness/target/priority-" + System.currentTimeMillis()));
    try (ReelayStack stack = ReelayStack.start(StackOptions.in(dir))) {
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
      WorkflowClient client = WorkflowClient.newInstance(service);
      WorkerFactory workflows = WorkerFactory.newInstance(client);
      workflows.newWorker("priority-order-workflows").registerWorkflowImplementationTypes(BacklogImpl.class);
      workflows.start();
      WorkflowStub backlog =
          client.newUntypedWorkflowStub(
              "Backlog",
              WorkflowOptions.newBuilder()
                  .setTaskQueue("priority-order-workflows")
                  .setWorkflowId("priority-order-" + UUID.randomUUID())
                  .build());
      backlog.start(TASKS);
      awaitScheduled(client, backlog.getExecution().getWorkflowId());

      List<String> taken = Collections.synchronizedList(new ArrayList<>());
      WorkerFactory activities = WorkerFactory.newInstance(client);
      activities
          .newWorker(ACTIVITY_QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1).build())
          .registerActivitiesImplementations((Step) taken::add);
      activities.start();
      backlog.getResult(60, java.util.concurrent.TimeUnit.SECONDS, Void.class);
      activities.shutdownNow();
      workflows.shutdownNow();
      service.shutdownNow();

      assertEquals(TASKS, taken.size(), taken::toString);
      List<String> firstHalf = taken.subList(0, TASKS / 2);
      List<String> secondHalf = taken.subList(TASKS / 2, TASKS);
      assertEquals(TASKS / 2, firstHalf.stream().filter(name -> name.startsWith("key1#")).count(), taken::toString);
      assertEquals(TASKS / 2, secondHalf.stream().filter(name -> name.startsWith("key4#")).count(), taken::toString);
    } finally {
      ReelayStack.discardState(dir);
    }
  }

  /** Waits until every activity of the workflow is scheduled (it then waits for all of them). */
  private static void awaitScheduled(WorkflowClient client, String workflowId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      long scheduled =
          client.fetchHistory(workflowId).getHistory().getEventsList().stream()
              .filter(e -> e.hasActivityTaskScheduledEventAttributes())
              .count();
      if (scheduled == TASKS) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the workflow did not schedule its " + TASKS + " activities within 30 s");
  }
}
