package io.reelay.workflows.generation;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.util.Timestamps;
import io.reelay.workflows.generation.Fakes.FakeAssets;
import io.reelay.workflows.generation.Fakes.FakeLedger;
import io.reelay.workflows.generation.Fakes.FakeProvider;
import io.reelay.workflows.generation.Fakes.FakeRecords;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Shared set-up of the workflow tests: a time-skipping test environment with the generation
 * workflow and hand-written fakes of its four activity ports, plus helpers to start it and read
 * its end.
 *
 * <p>Time on the test server only skips while the test blocks on a workflow result; while the test
 * drives the workflow step by step (queries, signals, updates, gates), time stands still. The
 * callback tests rely on that: whatever happens before the result is awaited happens at the same
 * workflow time, so "the workflow did not wait for its poll interval" is measured as the workflow
 * clock advancing less than that interval.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class GenerationWorkflowTestBase {

  static final long HOLD = 600_000; // $0.60
  static final long PRICE = 100_000; // $0.10 per second
  static final String ACCOUNT = "acct-1";
  static final String PROVIDER = "sim";
  static final String JOB = "job-1";

  TestWorkflowEnvironment env;
  WorkflowClient client;
  final FakeLedger ledger = new FakeLedger();
  final FakeProvider provider = new FakeProvider();
  final FakeAssets assets = new FakeAssets();
  final FakeRecords records = new FakeRecords();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<String> key :
        List.of(
            GenerationSearchAttributes.ACCOUNT,
            GenerationSearchAttributes.MODEL,
            GenerationSearchAttributes.PROVIDER,
            GenerationSearchAttributes.STATUS)) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // each concern's activities only on its own queue: one sent to the wrong queue never runs.
    // The workflow's worker runs the bookkeeping (read model, ledger) as local activities.
    Worker worker = env.newWorker(GenerationIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(GenerationWorkflowImpl.class);
    worker.registerActivitiesImplementations(records, ledger);
    env.newWorker(TaskQueue.BILLING.queueName()).registerActivitiesImplementations(ledger);
    env.newWorker(TaskQueue.PROVIDERS.queueName()).registerActivitiesImplementations(provider);
    env.newWorker(TaskQueue.DOWNLOADS.queueName()).registerActivitiesImplementations(assets);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  // ------------------------------------------------------------------------------- helpers

  static GenerationRequest request(String id, WaitPolicy policy) {
    return new GenerationRequest(
        id,
        ACCOUNT,
        "sim-fast",
        PROVIDER,
        new VideoSpec("a cat on a skateboard", null, 5, "16:9", "720p", null, false),
        policy,
        HOLD,
        PRICE,
        null);
  }

  static WorkflowOptions options(String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(GenerationIds.workflowId(id))
        .setTaskQueue(GenerationIds.TASK_QUEUE)
        .build();
  }

  GenerationWorkflow start(GenerationRequest request) {
    GenerationWorkflow stub =
        client.newWorkflowStub(GenerationWorkflow.class, options(request.generationId()));
    WorkflowClient.start(stub::run, request);
    return stub;
  }

  /** Starts and returns the id, for tests that only look at the result. */
  String startAndGet(GenerationRequest request, String id) {
    start(request);
    return id;
  }

  /** The summaries of the workflow's timers, in order (as the UI shows them). */
  List<String> timerSummaries(String id) {
    return client.fetchHistory(GenerationIds.workflowId(id)).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED)
        .map(GenerationWorkflowTestBase::summary)
        .toList();
  }

  /**
   * The workflow's activities in history order, as the UI lists them: the tasks it scheduled on
   * queues and the local activities it recorded (markers), each with its priority key, which is
   * {@link #LOCAL} for a local activity (it runs inside the workflow task, on no queue).
   */
  List<Map.Entry<String, Integer>> activities(String id) {
    return client.fetchHistory(GenerationIds.workflowId(id)).getHistory().getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED || isLocalActivity(e))
        .map(
            e ->
                entry(
                    summary(e),
                    isLocalActivity(e) ? LOCAL : e.getActivityTaskScheduledEventAttributes().getPriority().getPriorityKey()))
        .toList();
  }

  /** The priority "key" {@link #activities} gives a local activity. */
  static final int LOCAL = 0;

  static Map.Entry<String, Integer> entry(String summary, int priorityKey) {
    return new SimpleEntry<>(summary, priorityKey);
  }

  private static boolean isLocalActivity(HistoryEvent event) {
    return event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
        && event.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity");
  }

  /** An event's summary as text (the payload holds it as a JSON string). */
  static String summary(HistoryEvent event) {
    String json = event.getUserMetadata().getSummary().getData().toStringUtf8();
    return json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
  }

  /** Blocks on the result; this is what lets the test server skip time. */
  GenerationOutcome result(String id) throws TimeoutException {
    return client
        .newUntypedWorkflowStub(GenerationIds.workflowId(id))
        .getResult(60, TimeUnit.SECONDS, GenerationOutcome.class);
  }

  ApplicationFailure applicationFailure(String id) {
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(id));
    return assertInstanceOf(ApplicationFailure.class, e.getCause(), () -> "cause: " + e.getCause());
  }

  /**
   * How far the workflow clock advanced between the start and the close of the execution, read
   * from the event times of its history. (The environment's own clock is no measure: once the
   * execution has closed, the test server may skip far ahead before the result call locks time
   * again.)
   */
  long workflowMillis(String id) {
    List<HistoryEvent> events =
        client.fetchHistory(GenerationIds.workflowId(id)).getHistory().getEventsList();
    return Timestamps.toMillis(events.get(events.size() - 1).getEventTime())
        - Timestamps.toMillis(events.get(0).getEventTime());
  }

  String providerAttribute(String id) {
    return client
        .newUntypedWorkflowStub(GenerationIds.workflowId(id))
        .describe()
        .getTypedSearchAttributes()
        .get(GenerationSearchAttributes.PROVIDER);
  }

  String statusAttribute(String id) {
    return client
        .newUntypedWorkflowStub(GenerationIds.workflowId(id))
        .describe()
        .getTypedSearchAttributes()
        .get(GenerationSearchAttributes.STATUS);
  }

  static void awaitStep(GenerationWorkflow stub, String step) throws InterruptedException {
    awaitCondition(() -> step.equals(stub.status().step()), "step " + step);
  }

  static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) { // e.g. a query before the first workflow task
        last = e;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what, last);
      }
      Thread.sleep(20);
    }
  }
}

