package io.reelay.harness.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;

/**
 * The baseline's worker, run as its own JVM with the same Java and heap as Reelay's worker and
 * the SDK's default worker options, which are also Reelay's. Usage: {@code BareWorker <host:port>}.
 */
public final class BareWorker {

  public static void main(String[] args) throws InterruptedException {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
    WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
    var worker = factory.newWorker(BareWorkflow.TASK_QUEUE);
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
