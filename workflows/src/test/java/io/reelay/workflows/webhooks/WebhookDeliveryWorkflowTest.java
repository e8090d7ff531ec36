package io.reelay.workflows.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery workflow's retry rules on the time-skipping test server. */
class WebhookDeliveryWorkflowTest {

  private static final String QUEUE = "webhooks-test";
  private static final WebhookRetrySchedule SCHEDULE = new WebhookRetrySchedule(5, 60, 3600);

  /** Answers the attempt's outcome by its number; records the attempts and the give-ups. */
  static final class ScriptedReceiver implements WebhookActivities {
    volatile IntFunction<RuntimeException> failureOfAttempt = n -> null;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<String> gaveUp = new CopyOnWriteArrayList<>();

    @Override
    public int send(String deliveryId) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      attempts.add(attempt);
      RuntimeException failure = failureOfAttempt.apply(attempt);
      if (failure != null) {
        throw failure;
      }
      return attempt;
    }

    @Override
    public void giveUp(String deliveryId, String reason) {
      gaveUp.add(reason);
    }
  }

  private TestWorkflowEnvironment env;
  private final ScriptedReceiver receiver = new ScriptedReceiver();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(WebhookDeliveryWorkflowImpl.class);
    worker.registerActivitiesImplementations(receiver);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void aCancelStopsTheRetriesAndRecordsTheDeliveryAsFailed() throws Exception {
    receiver.failureOfAttempt = n -> serverError();
    WorkflowClient client = env.getWorkflowClient();
    WebhookDeliveryWorkflow workflow =
        client.newWorkflowStub(
            WebhookDeliveryWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(WebhookIds.workflowId("d-4")).setTaskQueue(QUEUE).build());
    WorkflowClient.start(
        workflow::deliver, new WebhookDelivery("d-4", "gen-1", "generation.completed", "hooks.example.com", SCHEDULE));
    while (receiver.attempts.size() < 2) {
      env.sleep(java.time.Duration.ofSeconds(1));
    }

    WorkflowStub stub = client.newUntypedWorkflowStub(WebhookIds.workflowId("d-4"));
    stub.cancel();

    WorkflowFailedException ended =
        org.junit.jupiter.api.Assertions.assertThrows(
            WorkflowFailedException.class, () -> stub.getResult(WebhookDeliveryOutcome.class));
    assertTrue(ended.getCause() instanceof CanceledFailure, String.valueOf(ended.getCause()));
    assertEquals(List.of("canceled in Temporal before an attempt succeeded"), receiver.gaveUp);
  }

  /**
   * How far the workflow clock advanced from start to close, from the history's event times (the
   * environment's own clock may skip far ahead once the execution has closed).
   */
  private long workflowMillis(String id) {
    var events = env.getWorkflowClient().fetchHistory(WebhookIds.workflowId(id)).getHistory().getEventsList();
    return com.google.protobuf.util.Timestamps.toMillis(events.get(events.size() - 1).getEventTime())
        - com.google.protobuf.util.Timestamps.toMillis(events.get(0).getEventTime());
  }

  private WebhookDeliveryOutcome deliver(String id) {
    WorkflowClient client = env.getWorkflowClient();
    WebhookDeliveryWorkflow workflow =
        client.newWorkflowStub(
            WebhookDeliveryWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(WebhookIds.workflowId(id)).setTaskQueue(QUEUE).build());
    return workflow.deliver(new WebhookDelivery(id, "gen-1", "generation.completed", "hooks.example.com", SCHEDULE));
  }

  private static RuntimeException serverError() {
    return ApplicationFailure.newFailure("hooks.example.com answered HTTP 503; will retry", "WEBHOOK_ATTEMPT_FAILED");
  }

  @Test
  void retriesUntilTheReceiverAccepts() {
    receiver.failureOfAttempt = n -> n <= 3 ? serverError() : null;

    WebhookDeliveryOutcome outcome = deliver("d-1");

    assertEquals(new WebhookDeliveryOutcome("delivered", 4, null), outcome);
    assertEquals(List.of(1, 2, 3, 4), receiver.attempts);
    assertTrue(receiver.gaveUp.isEmpty());
  }

  @Test
  void aRefusalStopsAtOnce() {
    receiver.failureOfAttempt =
        n ->
            ApplicationFailure.newNonRetryableFailure(
                "hooks.example.com refused the webhook with HTTP 410; not retried", WebhookActivities.WEBHOOK_REJECTED);

    WebhookDeliveryOutcome outcome = deliver("d-2");

    assertEquals("failed", outcome.status());
    assertEquals(List.of(1), receiver.attempts);
    assertEquals(List.of("hooks.example.com refused the webhook with HTTP 410; not retried"), receiver.gaveUp);
  }

  @Test
  void aReceiverThatNeverAcceptsIsTriedWithGrowingIntervalsUntilTheScheduleEnds() {
    receiver.failureOfAttempt = n -> serverError();

    WebhookDeliveryOutcome outcome = deliver("d-3");

    assertEquals("failed", outcome.status());
    assertEquals(
        List.of("no attempt succeeded within 1.0 h; the last: hooks.example.com answered HTTP 503; will retry"),
        receiver.gaveUp);
    long elapsed = workflowMillis("d-3");
    // the server stops when the next retry would fall past the hour: within one interval of it
    assertTrue(elapsed >= 3_540_000 && elapsed <= 3_660_000, "gave up after " + elapsed + " ms, not at the hour");
    // 5, 10, 20, 40 s, then every 60 s: about 60 attempts in an hour, not 720 at a fixed 5 s
    int attempts = receiver.attempts.size();
    assertTrue(attempts >= 55 && attempts <= 64, attempts + " attempts");
  }
}
