package io.reelay.harness.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.stack.ReelayClient;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A worker stopped in the middle of an activity that outlasts its grace period hands the activity
 * back: the attempt gives up and is reported failed before the JVM exits, and Temporal gives the
 * retry to another worker at once, instead of waiting for the heartbeat timeout of a worker that
 * simply vanished.
 */
class WorkerHandBackTest {

  private static final String STORE_VIDEO = "StoreVideo";

  /**
   * This JVM's java, and the one {@code ./reelay} runs the app on (the newest JDK 21+) when it
   * differs: the JDK 17 HTTP client swallows the interrupt, so each JDK takes a different path.
   */
  static Stream<String> appJavas() throws IOException {
    Set<Path> javas = new LinkedHashSet<>();
    javas.add(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());
    String production = System.getenv("REELAY_APP_JAVA");
    if (production != null && !production.isBlank()) {
      javas.add(Path.of(production).toRealPath());
    }
    return javas.stream().map(Path::toString);
  }

  @ParameterizedTest(name = "app on {0}")
  @MethodSource("appJavas")
  void aStoppedWorkerHandsItsRunningDownloadToAnotherWorker(String java) throws Exception {
    Path dir = Files.createDirectories(StackOptions.projectRoot().resolve("harness/target/handback-" + System.currentTimeMillis()));
    StackOptions options = StackOptions.in(dir).withJava(java).withAppEnvironment(Map.of("REELAY_ROLES", "api"));
    try (ReelayStack stack = ReelayStack.start(options)) {
      ReelayStack.App api = stack.app();
      Map<String, String> worker =
          Map.of("REELAY_ROLES", "worker", "REELAY_PUBLIC_URL", api.baseUrl(), "REELAY_SHUTDOWN_GRACE", "4s");
      ReelayStack.App first = stack.addApp("worker-1", worker);
      ReelayStack.Account account = stack.newAccount("hand-back", "5.00");
      // the provider's first download of this video takes two minutes: far beyond the grace
      HttpResponse<String> created =
          api.client()
              .post(
                  "/v1/generations",
                  account.apiKey(),
                  Map.of("model", "sim-fast", "prompt", "hand back [sim:delay=1] [sim:slow_video=120]", "duration_seconds", 2, "resolution", "480p"),
                  Map.of());
      assertEquals(201, created.statusCode(), created.body());
      String id = ReelayClient.json(created).get("id").asText();
      String workflowId = "generation-" + id;

      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
      try {
        awaitStoreRunning(stubs, workflowId, 90);
        ReelayStack.App second = stack.addApp("worker-2", worker);

        Instant stopping = Instant.now();
        first.stop();
        long stopSeconds = TimeUnit.MILLISECONDS.toSeconds(Instant.now().toEpochMilli() - stopping.toEpochMilli());
        assertFalse(first.isAlive());
        assertTrue(stopSeconds < 15, "grace 4 s, then the interrupt: stopped after " + stopSeconds + " s");
        String firstLog = Files.readString(first.log());
        assertTrue(firstLog.contains("1 activities still running after PT4S"), "worker-1 asked its download to give up");
        assertTrue(firstLog.contains("unfinished activities handed back"), "and it did, before worker-1 exited");

        JsonNode done = MultiProcessTest.awaitFinished(api, account, List.of(id), 90).get(id);
        assertEquals("completed", done.get("status").asText(), done.toString());

        // the download's last attempt: the second, on worker-2, after the interrupted one failed
        WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().build());
        List<HistoryEvent> history = client.fetchHistory(workflowId).getHistory().getEventsList();
        HistoryEvent startedEvent = startedStoreVideo(history);
        ActivityTaskStartedEventAttributes started = startedEvent.getActivityTaskStartedEventAttributes();
        assertEquals(2, started.getAttempt(), started.toString());
        assertTrue(started.getIdentity().startsWith(second.pid() + "@"), "attempt 2 ran on worker-2: " + started.getIdentity());
        Failure interrupted = started.getLastFailure();
        assertFalse(interrupted.hasTimeoutFailureInfo(), "attempt 1 failed on the interrupt, it did not time out: " + interrupted);
        assertTrue(
            interrupted.getApplicationFailureInfo().getType().startsWith("java.io."),
            "attempt 1 gave up on the stop (an I/O failure), not on a worker shutdown: " + interrupted);
        Instant secondAttempt =
            Instant.ofEpochSecond(startedEvent.getEventTime().getSeconds(), startedEvent.getEventTime().getNanos());
        long handBackSeconds = secondAttempt.getEpochSecond() - stopping.getEpochSecond();
        assertTrue(handBackSeconds < 20, "the retry began " + handBackSeconds + " s after the stop, before any heartbeat timeout");

        assertEquals(1, captures(stack, id), "charged exactly once");
      } finally {
        stubs.shutdown();
      }
    }
    ReelayStack.discardState(dir);
  }

  /** Waits until the generation's StoreVideo activity has been picked up by a worker. */
  private static void awaitStoreRunning(WorkflowServiceStubs stubs, String workflowId, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      var description =
          stubs.blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
      boolean running =
          description.getPendingActivitiesList().stream()
              .anyMatch(
                  activity ->
                      activity.getActivityType().getName().equals(STORE_VIDEO)
                          && activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
      if (running) {
        Thread.sleep(1_000); // well into the download
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the video download did not start within " + seconds + " s");
  }

  /** The started event of the download's last attempt (a history records only that one). */
  private static HistoryEvent startedStoreVideo(List<HistoryEvent> history) {
    long scheduled =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(STORE_VIDEO))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no StoreVideo in the history"))
            .getEventId();
    return history.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled)
        .findFirst()
        .orElseThrow(() -> new AssertionError("StoreVideo never started"));
  }

  private static int captures(ReelayStack stack, String id) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ledger_entries WHERE generation_id = ? AND kind = 'capture'")) {
      ps.setObject(1, UUID.fromString(id));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
