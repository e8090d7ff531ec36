package io.reelay.app.temporal;

import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

/**
 * How the worker holds its workflows in memory. A workflow evicted from the worker's cache is
 * replayed from its whole history on its next task; once more generations are open than the cache
 * holds, every callback and poll costs a replay and the worker spends its time replaying instead of
 * working. Each cached workflow also holds a thread, so on platform threads (Java 17) the cache
 * stays at the SDK's 600; on Java 21+ workflow threads are virtual and the cache can hold every
 * open generation.
 *
 * @param virtualThreads    workflow and task threads are virtual (needs Java 21+)
 * @param workflowCacheSize workflows kept in memory between their tasks
 */
public record WorkerTuning(boolean virtualThreads, int workflowCacheSize) {

  /** The SDK's default cache, sized for platform threads. */
  public static final int PLATFORM_THREAD_CACHE = 600;
  /** Enough for the capacity benchmark's 10,000 generations in flight, with room to spare. */
  public static final int VIRTUAL_THREAD_CACHE = 20_000;

  /**
   * @param virtualThreads "auto" (virtual when this JVM has them), "true" or "false"
   * @param cacheSize      0 for the default of the chosen thread kind
   */
  public static WorkerTuning of(String virtualThreads, int cacheSize) {
    boolean available = Runtime.version().feature() >= 21;
    boolean useVirtual =
        switch (virtualThreads.trim().toLowerCase()) {
          case "auto" -> available;
          case "true" -> {
            if (!available) {
              throw new IllegalArgumentException(
                  "reelay.worker.virtual-threads=true needs Java 21 or later; this is Java " + Runtime.version().feature());
            }
            yield true;
          }
          case "false" -> false;
          default -> throw new IllegalArgumentException(
              "reelay.worker.virtual-threads must be auto, true or false, not " + virtualThreads);
        };
    if (cacheSize < 0) {
      throw new IllegalArgumentException("reelay.worker.workflow-cache-size must be 0 (default) or more");
    }
    int cache = cacheSize > 0 ? cacheSize : useVirtual ? VIRTUAL_THREAD_CACHE : PLATFORM_THREAD_CACHE;
    return new WorkerTuning(useVirtual, cache);
  }

  WorkerFactoryOptions factoryOptions() {
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(workflowCacheSize);
    if (virtualThreads) {
      // a workflow may briefly run a second thread (a signal or update handler) beside its own
      options.setUsingVirtualWorkflowThreads(true).setMaxWorkflowThreadCount(workflowCacheSize * 2);
    } else {
      options.setMaxWorkflowThreadCount(Math.max(workflowCacheSize, PLATFORM_THREAD_CACHE));
    }
    return options.build();
  }

  WorkerOptions workerOptions(TaskQueueSettings queue) {
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setUsingVirtualThreads(virtualThreads)
            .setMaxConcurrentActivityExecutionSize(queue.maxConcurrentActivities())
            // a queue without workflows (providers, downloads, billing) starts no workflow pollers
            .setMaxConcurrentWorkflowTaskPollers(queue.pollers())
            .setMaxConcurrentActivityTaskPollers(queue.pollers())
            // a download keeps heartbeating while the worker drains, so it can finish within the
            // grace period instead of failing its attempt (and being retried, maybe right here)
            .setAllowActivityHeartbeatDuringShutdown(true);
    if (queue.maxActivitiesPerSecond() > 0) {
      options.setMaxTaskQueueActivitiesPerSecond(queue.maxActivitiesPerSecond());
    }
    return options.build();
  }

  @Override
  public String toString() {
    return (virtualThreads ? "virtual" : "platform") + " threads, workflow cache " + workflowCacheSize;
  }
}
