package io.reelay.app.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;
import java.util.List;

/** The connection to Temporal, shared by the API (starting workflows) and the worker. */
@Factory
public class TemporalFactory {

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(@Value("${reelay.temporal.address}") String address) {
    // lazy: the app starts even if Temporal is still coming up; /health reports it
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
  }

  /** {@code interceptors}: tracing's, when it is on ({@code io.reelay.app.tracing.TemporalTracing}). */
  @Singleton
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      @Value("${reelay.temporal.namespace}") String namespace,
      List<WorkflowClientInterceptor> interceptors) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setInterceptors(interceptors.toArray(WorkflowClientInterceptor[]::new))
            .build());
  }
}
