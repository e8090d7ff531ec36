package io.reelay.app.temporal;

import io.reelay.workflows.generation.TaskQueue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What this worker polls, and how hard: the queues of {@code reelay.worker.task-queues}, each with
 * {@code reelay.worker.queues.<concern>.max-concurrent-activities} (this worker's slots), {@code
 * max-activities-per-second} (the whole queue's rate across all workers, enforced by Temporal; 0 =
 * unlimited) and {@code pollers} (this worker's concurrent polls for the queue's workflow tasks and
 * for its activity tasks).
 */
public record TaskQueueSettings(TaskQueue queue, int maxConcurrentActivities, double maxActivitiesPerSecond, int pollers) {

  /**
   * Polls per queue and task kind, where the SDK would run five. Every poll that gets a task makes
   * the server write (the task started) before the worker sees it, and under a backlog every poll
   * gets one at once. With the SDK's five (25 polls over Reelay's four queues) a create's
   * StartWorkflowExecution waited behind those writes: 67-80 ms at the mean in a burst on the dev
   * server, 24-35 ms with two, at the same throughput (docs/benchmarks.md). Two kept up with every
   * rate the bench reaches.
   */
  public static final int DEFAULT_POLLERS = 2;

  public TaskQueueSettings {
    if (maxConcurrentActivities < 1) {
      throw new IllegalArgumentException(
          "reelay.worker.queues." + queue.concern() + ".max-concurrent-activities must be 1 or more");
    }
    if (maxActivitiesPerSecond < 0) {
      throw new IllegalArgumentException(
          "reelay.worker.queues." + queue.concern() + ".max-activities-per-second must be 0 (unlimited) or more");
    }
    if (pollers < 1) {
      throw new IllegalArgumentException("reelay.worker.queues." + queue.concern() + ".pollers must be 1 or more");
    }
  }

  /** The configured queues in order, each once; a clear error for an unknown or empty list. */
  static List<TaskQueueSettings> of(List<String> concerns, Function<String, Optional<String>> property) {
    Set<TaskQueue> queues = new LinkedHashSet<>();
    for (String concern : concerns) {
      if (!concern.isBlank()) {
        try {
          queues.add(TaskQueue.ofConcern(concern));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("reelay.worker.task-queues (REELAY_WORKER_TASK_QUEUES): " + e.getMessage());
        }
      }
    }
    if (queues.isEmpty()) {
      throw new IllegalArgumentException(
          "reelay.worker.task-queues (REELAY_WORKER_TASK_QUEUES) is empty; name at least one of generations, providers, downloads, billing");
    }
    List<TaskQueueSettings> settings = new ArrayList<>();
    for (TaskQueue queue : queues) {
      String prefix = "reelay.worker.queues." + queue.concern() + ".";
      settings.add(
          new TaskQueueSettings(
              queue,
              (int) number(property, prefix + "max-concurrent-activities", 200),
              number(property, prefix + "max-activities-per-second", 0),
              (int) number(property, prefix + "pollers", DEFAULT_POLLERS)));
    }
    return List.copyOf(settings);
  }

  private static double number(Function<String, Optional<String>> property, String key, double fallback) {
    Optional<String> text = property.apply(key).map(String::trim).filter(value -> !value.isEmpty());
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Double.parseDouble(text.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, not " + text.get());
    }
  }

  @Override
  public String toString() {
    return queue.queueName() + " (" + maxConcurrentActivities + " at once"
        + (maxActivitiesPerSecond > 0 ? ", " + maxActivitiesPerSecond + "/s across workers" : "") + ", " + pollers + " pollers)";
  }
}
