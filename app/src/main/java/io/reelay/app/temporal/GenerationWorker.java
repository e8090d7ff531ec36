package io.reelay.app.temporal;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.reelay.activities.assets.AssetActivitiesImpl;
import io.reelay.activities.billing.LedgerActivitiesImpl;
import io.reelay.activities.generations.GenerationRecordActivitiesImpl;
import io.reelay.activities.providers.ProviderActivitiesImpl;
import io.reelay.activities.webhooks.WebhookActivitiesImpl;
import io.reelay.workflows.generation.GenerationIds;
import io.reelay.workflows.generation.GenerationWorkflowImpl;
import io.reelay.workflows.webhooks.WebhookDeliveryWorkflowImpl;
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
  private final WorkerTuning tuning;
  private final Object[] activities;
  private WorkerFactory factory;
  private volatile boolean stopping;

  public GenerationWorker(
      WorkflowClient client,
      @Value("${reelay.roles}") List<String> roles,
      @Value("${reelay.worker.virtual-threads:auto}") String virtualThreads,
      @Value("${reelay.worker.workflow-cache-size:0}") int workflowCacheSize,
      LedgerActivitiesImpl ledger,
      ProviderActivitiesImpl providers,
      AssetActivitiesImpl assets,
      GenerationRecordActivitiesImpl records,
      WebhookActivitiesImpl webhooks) {
    this.client = client;
    this.enabled = roles.contains("worker");
    this.tuning = WorkerTuning.of(virtualThreads, workflowCacheSize);
    this.activities = new Object[] {ledger, providers, assets, records, webhooks};
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (!enabled) {
      return;
    }
    // Temporal may come up after us (or restart): keep trying in the background instead of
    // failing the whole process; /health shows Temporal as down meanwhile.
    Thread starter = new Thread(this::startWhenTemporalAnswers, "temporal-worker-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void startWhenTemporalAnswers() {
    long backoffMillis = 500;
    while (!stopping) {
      try {
        WorkerFactory candidate = WorkerFactory.newInstance(client, tuning.factoryOptions());
        Worker worker = candidate.newWorker(GenerationIds.TASK_QUEUE, tuning.workerOptions());
        worker.registerWorkflowImplementationTypes(
            GenerationWorkflowImpl.class, WebhookDeliveryWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        candidate.start();
        synchronized (this) {
          factory = candidate;
        }
        log.info("worker polling task queue {} ({})", GenerationIds.TASK_QUEUE, tuning);
        return;
      } catch (RuntimeException e) {
        log.warn("Temporal not reachable yet ({}); retrying in {} ms", e.getMessage(), backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 10_000);
      }
    }
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    stopping = true;
    WorkerFactory running;
    synchronized (this) {
      running = factory;
    }
    if (running != null) {
      // stop polling, let running activity attempts finish (Temporal retries what does not)
      running.shutdown();
      running.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

}
