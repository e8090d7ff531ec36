package io.reelay.app.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;

/** The connection to Temporal, shared by the API (starting workflows) and the worker. */
@Factory
public class TemporalFactory {

  /** The qualifier of the worker's connection and client. */
  public static final String WORKER = "worker";

  /**
   * The SDK's own metrics (temporal_*: requests, polls, task slots, task latencies, sticky cache)
   * into the app's registry, so /metrics shows them. Tally reports on an interval: counters reach
   * the registry within this long.
   */
  @Singleton
  @Named("temporal-metrics")
  @Bean(preDestroy = "close")
  Scope temporalMetricsScope(MeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(5));
  }

  /** The API's connection: creates' starts, callbacks' signals, cancels, reads, /health. */
  @Singleton
  @Primary
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(
      @Value("${reelay.temporal.address}") String address, @Named("temporal-metrics") Scope metrics) {
    // lazy: the app starts even if Temporal is still coming up; /health reports it
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).setMetricsScope(metrics).build());
  }

  /**
   * The worker's own connection, so its calls can carry a lower priority than the API's: the
   * history service writes each shard's workflows one at a time (history.shardIOConcurrency 1),
   * and a caller type of {@code preemptable} queues the pipeline's writes behind a create's
   * workflow start (see {@link WorkerCallerType}).
   */
  @Singleton
  @Named(WORKER)
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs workerServiceStubs(
      @Value("${reelay.temporal.address}") String address,
      @Named("temporal-metrics") Scope metrics,
      WorkerCallerType callerType) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(address)
            .setMetricsScope(metrics)
            .setHeaders(callerType.headers())
            .build());
  }

  /** {@code interceptors}: tracing's, when it is on ({@code io.reelay.app.tracing.TemporalTracing}). */
  @Singleton
  @Primary
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      @Value("${reelay.temporal.namespace}") String namespace,
      List<WorkflowClientInterceptor> interceptors) {
    return client(stubs, namespace, interceptors);
  }

  /** The worker's client, on {@link #workerServiceStubs}. */
  @Singleton
  @Named(WORKER)
  WorkflowClient workerWorkflowClient(
      @Named(WORKER) WorkflowServiceStubs stubs,
      @Value("${reelay.temporal.namespace}") String namespace,
      List<WorkflowClientInterceptor> interceptors) {
    return client(stubs, namespace, interceptors);
  }

  private static WorkflowClient client(
      WorkflowServiceStubs stubs, String namespace, List<WorkflowClientInterceptor> interceptors) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setInterceptors(interceptors.toArray(WorkflowClientInterceptor[]::new))
            .build());
  }
}
