package io.reelay.app.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;

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

  @Singleton
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs, @Value("${reelay.temporal.namespace}") String namespace) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }
}
