package io.reelay.app.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The connection to Temporal, shared by the API (starting workflows) and the worker. */
@Factory
public class TemporalFactory {

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

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(
      @Value("${reelay.temporal.address}") String address, @Named("temporal-metrics") Scope metrics) {
    // lazy: the app starts even if Temporal is still coming up; /health reports it
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).setMetricsScope(metrics).build());
  }

  @Singleton
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs, @Value("${reelay.temporal.namespace}") String namespace) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }
}
