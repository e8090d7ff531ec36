package io.reelay.app.temporal;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.order.OrderUtil;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.reelay.activities.WorkerStop;
import io.reelay.activities.assets.AssetActivitiesImpl;
import io.reelay.activities.billing.LedgerActivitiesImpl;
import io.reelay.activities.generations.GenerationRecordActivitiesImpl;
import io.reelay.activities.providers.ProviderActivitiesImpl;
import io.reelay.activities.retention.RetentionActivitiesImpl;
import io.reelay.activities.webhooks.WebhookActivitiesImpl;
import io.reelay.app.retention.RetentionSchedule;
import io.reelay.app.roles.ProcessRoles;
import io.reelay.workflows.generation.GenerationWorkflowImpl;
import io.reelay.workflows.generation.TaskQueue;
import io.reelay.workflows.retention.RetentionWorkflowImpl;
import io.reelay.workflows.webhooks.WebhookDeliveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workflows and activities in this process when it has the worker role: one Temporal worker
 * per configured task queue, each with that concern's activities. Activity implementations are
 * Micronaut beans, so they get their dependencies injected.
 */
@Singleton
public class GenerationWorker implements GracefulShutdownCapable {

  private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);

  /** After the grace period: how long activities that were asked to give up get to report it. */
  private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(5);

  private static final Duration FINAL_WAIT = Duration.ofSeconds(2);

  /** What a worker is doing, for /health. */
  public enum State { DISABLED, STARTING, POLLING, STOPPING, STOPPED }

  private final WorkflowClient client;
  private final boolean enabled;
  private final WorkerTuning tuning;
  private final List<TaskQueueSettings> queues;
  private final Duration shutdownGrace;
  private final LedgerActivitiesImpl ledger;
  private final ProviderActivitiesImpl providers;
  private final AssetActivitiesImpl assets;
  private final GenerationRecordActivitiesImpl records;
  private final WebhookActivitiesImpl webhooks;
  private final RetentionActivitiesImpl retention;
  private final RetentionSchedule retentionSchedule;
  private final WorkerStop workerStop;
  private final RunningActivities runningActivities = new RunningActivities();
  private final WorkerInterceptor[] interceptors;
  private WorkerFactory factory;
  private volatile State state;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  public GenerationWorker(
      @Named(TemporalFactory.WORKER) WorkflowClient client,
      ProcessRoles roles,
      Environment environment,
      @Value("${reelay.worker.task-queues}") List<String> taskQueues,
      @Value("${reelay.worker.virtual-threads:auto}") String virtualThreads,
      @Value("${reelay.worker.workflow-cache-size:0}") int workflowCacheSize,
      @Value("${reelay.shutdown-grace:30s}") Duration shutdownGrace,
      LedgerActivitiesImpl ledger,
      ProviderActivitiesImpl providers,
      AssetActivitiesImpl assets,
      GenerationRecordActivitiesImpl records,
      WebhookActivitiesImpl webhooks,
      RetentionActivitiesImpl retention,
      RetentionSchedule retentionSchedule,
      WorkerStop workerStop,
      List<WorkerInterceptor> interceptors) {
    this.client = client;
    this.enabled = roles.worker();
    // a misconfigured worker fails at startup, not on its first task
    this.tuning = WorkerTuning.of(virtualThreads, workflowCacheSize);
    this.queues = TaskQueueSettings.of(taskQueues, key -> environment.getProperty(key, String.class));
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("reelay.shutdown-grace must not be negative");
    }
    this.shutdownGrace = shutdownGrace;
    this.ledger = ledger;
    this.providers = providers;
    this.assets = assets;
    this.records = records;
    this.webhooks = webhooks;
    this.retention = retention;
    this.retentionSchedule = retentionSchedule;
    this.workerStop = workerStop;
    // Temporal wraps each interceptor around the ones before it: the highest @Order is outermost
    List<WorkerInterceptor> chain = new ArrayList<>(List.of(runningActivities));
    chain.addAll(interceptors);
    OrderUtil.sort(chain.subList(1, chain.size()));
    this.interceptors = chain.toArray(WorkerInterceptor[]::new);
    this.state = enabled ? State.STARTING : State.DISABLED;
  }

  public State state() {
    return state;
  }

  /** The task queues this worker polls (or will, once Temporal answers). */
  public List<String> taskQueues() {
    return enabled ? queues.stream().map(q -> q.queue().queueName()).toList() : List.of();
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
    while (state == State.STARTING) {
      WorkerFactory candidate = null;
      try {
        candidate =
            WorkerFactory.newInstance(
                client, WorkerFactoryOptions.newBuilder(tuning.factoryOptions()).setWorkerInterceptors(interceptors).build());
        for (TaskQueueSettings queue : queues) {
          register(candidate.newWorker(queue.queue().queueName(), tuning.workerOptions(queue)), queue);
        }
        synchronized (this) {
          if (state != State.STARTING) {
            return;
          }
          candidate.start();
          factory = candidate;
          state = State.POLLING;
        }
        log.info("worker polling {} ({})", queues, tuning);
        if (queues.stream().anyMatch(q -> q.queue() == TaskQueue.GENERATIONS)) {
          ensureRetentionSchedule();
        }
        return;
      } catch (RuntimeException e) {
        if (candidate != null && factory != candidate) {
          candidate.shutdownNow(); // its threads, before the next attempt makes new ones
        }
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

  /** A worker that runs workflows makes sure the sweeps are scheduled; Temporal may blip meanwhile. */
  private void ensureRetentionSchedule() {
    long backoffMillis = 500;
    for (int attempt = 1; state == State.POLLING; attempt++) {
      try {
        retentionSchedule.ensure();
        return;
      } catch (RuntimeException e) {
        if (attempt == 10) {
          log.error("could not create the retention schedule; the next worker start tries again", e);
          return;
        }
        log.warn("retention schedule not set yet ({}); retrying in {} ms", e.getMessage(), backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 10_000);
      }
    }
  }

  private void register(Worker worker, TaskQueueSettings queue) {
    switch (queue.queue()) {
      case GENERATIONS -> {
        worker.registerWorkflowImplementationTypes(
            GenerationWorkflowImpl.class, WebhookDeliveryWorkflowImpl.class, RetentionWorkflowImpl.class);
        // every activity: generations started before the queues were split scheduled theirs here
        worker.registerActivitiesImplementations(records, webhooks, retention, ledger, providers, assets);
      }
      case PROVIDERS -> worker.registerActivitiesImplementations(providers);
      case DOWNLOADS -> worker.registerActivitiesImplementations(assets);
      case BILLING -> worker.registerActivitiesImplementations(ledger);
    }
  }

  /**
   * Micronaut's graceful shutdown (SIGTERM) calls this beside the HTTP server's drain, so the two
   * share the grace period instead of adding up.
   */
  @Override
  public CompletionStage<?> shutdownGracefully() {
    return CompletableFuture.runAsync(this::shutdown, runnable -> new Thread(runnable, "temporal-worker-stop").start());
  }

  /** Without graceful shutdown (or after it timed out) the context's stop still stops the worker. */
  @EventListener
  void onShutdown(ShutdownEvent event) {
    shutdown();
  }

  /** Stops the worker once; a second caller waits for the first one's stop to end. */
  private void shutdown() {
    WorkerFactory running;
    synchronized (this) {
      if (state == State.DISABLED) {
        return;
      }
      if (state == State.STOPPING || state == State.STOPPED) {
        running = null;
      } else {
        state = State.STOPPING;
        running = factory;
        if (running == null) {
          state = State.STOPPED;
          stopped.complete(null);
          return;
        }
      }
    }
    if (running == null) {
      stopped.join();
      return;
    }
    try {
      stop(running);
    } finally {
      state = State.STOPPED;
      stopped.complete(null);
    }
  }

  /**
   * Stops polling at once (workflow tasks move to other workers) and lets running activities finish
   * for the grace period. Then it asks the rest to give up: downloads check {@link WorkerStop} and
   * activities blocked in interruptible I/O are interrupted; each fails its attempt, and Temporal
   * retries it on another worker at once. What still runs after that is cut off when the JVM exits
   * and retried elsewhere after its heartbeat or start-to-close timeout.
   */
  private void stop(WorkerFactory running) {
    long started = System.nanoTime();
    running.shutdown();
    running.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    if (running.isTerminated()) {
      log.info("worker stopped after {} ms; every running task finished", (System.nanoTime() - started) / 1_000_000);
      return;
    }
    workerStop.request();
    int interrupted = runningActivities.interruptAll();
    log.warn(
        "worker: {} activities still running after {}; asked them to give up so other workers retry them",
        interrupted,
        shutdownGrace);
    // not shutdownNow() yet: the SDK would interrupt the threads again while they report the
    // failed attempt, and an unreported attempt waits for its timeout before it is retried
    running.awaitTermination(HAND_BACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (running.isTerminated()) {
      log.info("worker stopped after {} ms; unfinished activities handed back", (System.nanoTime() - started) / 1_000_000);
      return;
    }
    log.warn("worker: activities still running {} later; Temporal retries them after their timeouts", HAND_BACK_WAIT);
    running.shutdownNow();
    running.awaitTermination(FINAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
