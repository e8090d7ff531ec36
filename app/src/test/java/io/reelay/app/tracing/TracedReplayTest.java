package io.reelay.app.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.reelay.app.temporal.ActivityLogContext;
import io.reelay.stack.StackOptions;
import io.reelay.workflows.generation.GenerationWorkflowImpl;
import io.reelay.workflows.retention.RetentionWorkflowImpl;
import io.reelay.workflows.webhooks.WebhookDeliveryWorkflowImpl;
import io.temporal.internal.common.WorkflowExecutionHistory;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import io.temporal.testing.ReplayResults;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every recorded history of the workflows module (the determinism guard's) replays on a worker
 * with the interceptors a traced worker has: the tracing spans are not commands, so turning
 * tracing on cannot break a running generation.
 */
class TracedReplayTest {

  @Test
  void recordedHistoriesReplayWithTracingOn() throws Exception {
    Path histories = StackOptions.projectRoot().resolve("workflows/src/test/resources/histories");
    List<WorkflowExecutionHistory> recorded = new ArrayList<>();
    try (Stream<Path> files = Files.list(histories)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        recorded.add(WorkflowExecutionHistory.fromJson(Files.readString(file)));
      }
    }
    assertTrue(recorded.size() >= 12, "the recorded histories: " + recorded.size());

    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk openTelemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    OpenTracingOptions tracing =
        OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(openTelemetry)).build();
    TestEnvironmentOptions options =
        TestEnvironmentOptions.newBuilder()
            .setWorkerFactoryOptions(
                WorkerFactoryOptions.newBuilder()
                    .setWorkerInterceptors(new ActivityLogContext(), new OpenTracingWorkerInterceptor(tracing))
                    .build())
            .build();
    try (TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(options)) {
      Worker worker = environment.newWorker("replay");
      worker.registerWorkflowImplementationTypes(
          GenerationWorkflowImpl.class, WebhookDeliveryWorkflowImpl.class, RetentionWorkflowImpl.class);
      ReplayResults results = WorkflowReplayer.replayWorkflowExecutions(recorded, false, worker);
      assertEquals(
          List.of(),
          results.allErrors().stream().map(error -> error.workflowId + ": " + error.exception).toList(),
          "histories that do not replay with tracing on");
    }
    assertFalse(spans.getFinishedSpanItems().isEmpty(), "the tracing interceptor ran during the replays");
  }
}
