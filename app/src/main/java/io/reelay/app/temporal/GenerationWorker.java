package io.reelay.app.temporal;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.reelay.activities.assets.AssetActivitiesImpl;
import io.reelay.activities.billing.LedgerActivitiesImpl;
import io.reelay.activities.generations.GenerationRecordActivitiesImpl;
import io.reelay.activities.providers.ProviderActivitiesImpl;
import io.reelay.workflows.generation.GenerationIds;
import io.reelay.workflows.generation.GenerationWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the generation workflow and its activities in this process when the "worker" role is
 * enabled. Activity implementations are Micronaut beans, so they get their dependencies injected.
 */
@Singleton
public class GenerationWorker {

  private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);

  private final WorkflowClient client;
  private final boolean enabled;
  private final Object[] activities;
  private WorkerFactory factory;

  public GenerationWorker(
      WorkflowClient client,
      @Value("${reelay.roles}") List<String> roles,
      LedgerActivitiesImpl ledger,
      ProviderActivitiesImpl providers,
      AssetActivitiesImpl assets,
      GenerationRecordActivitiesImpl records) {
    this.client = client;
    this.enabled = roles.contains("worker");
    this.activities = new Object[] {ledger, providers, assets, records};
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (!enabled) {
      return;
    }
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(GenerationIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(GenerationWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    log.info("worker polling task queue {}", GenerationIds.TASK_QUEUE);
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

}
