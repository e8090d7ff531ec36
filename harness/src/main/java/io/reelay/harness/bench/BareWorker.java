package io.reelay.harness.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

/**
 * The baseline's worker, run as its own JVM with the same Java and heap as Reelay's worker, and
 * tuned as Reelay's worker is by default (app/.../temporal/WorkerTuning): on Java 21+ virtual
 * threads and a cache for 20,000 workflows, on Java 17 the SDK's defaults; two polls for workflow
 * tasks and two for activity tasks (TaskQueueSettings.DEFAULT_POLLERS; the app is not on this
 * classpath). Usage: {@code BareWorker <host:port>}.
 */
public final class BareWorker {

  /** Reelay's TaskQueueSettings.DEFAULT_POLLERS. */
  static final int POLLERS = 2;

  public static void main(String[] args) throws InterruptedException {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
    boolean virtual = Runtime.version().feature() >= 21;
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    if (virtual) {
      factoryOptions.setUsingVirtualWorkflowThreads(true).setWorkflowCacheSize(20_000).setMaxWorkflowThreadCount(40_000);
    }
    WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service), factoryOptions.build());
    var worker =
        factory.newWorker(
            BareWorkflow.TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setUsingVirtualThreads(virtual)
                .setMaxConcurrentWorkflowTaskPollers(POLLERS)
                .setMaxConcurrentActivityTaskPollers(POLLERS)
                .build());
    worker.registerWorkflowImplementationTypes(BareWorkflowImpl.class);
    worker.registerActivitiesImplementations(new DoNothing());
    factory.start();
    System.out.println("bare worker polling " + BareWorkflow.TASK_QUEUE);
    Thread.currentThread().join();
  }

  static final class DoNothing implements NoOpActivities {
    @Override
    public void nothing(int step) {}
  }
}
