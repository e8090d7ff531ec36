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
 * {@code reelay.worker.queues.<concern>.max-concurrent-activities} (this worker's slots) and
 * {@code max-activities-per-second} (the whole queue's rate across all workers, enforced by
 * Temporal; 0 = unlimited).
 */
public record TaskQueueSettings(TaskQueue queue, int maxConcurrentActivities, double maxActivitiesPerSecond) {

  public TaskQueueSettings {
    if (maxConcurrentActivities < 1) {
      throw new IllegalArgumentException(
          "reelay.worker.queues." + queue.concern() + ".max-concurrent-activities must be 1 or more");
    }
    if (maxActivitiesPerSecond < 0) {
      throw new IllegalArgumentException(
          "reelay.worker.queues." + queue.concern() + ".max-activities-per-second must be 0 (unlimited) or more");
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
              number(property, prefix + "max-activities-per-second", 0)));
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
        + (maxActivitiesPerSecond > 0 ? ", " + maxActivitiesPerSecond + "/s across workers" : "") + ")";
  }
}
