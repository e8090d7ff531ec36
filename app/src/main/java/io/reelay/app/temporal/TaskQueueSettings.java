package io.reelay.app.temporal;

import io.micronaut.context.env.Environment;
import io.reelay.workflows.generation.TaskQueue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
  static List<TaskQueueSettings> of(List<String> concerns, Environment environment) {
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
              environment.getProperty(prefix + "max-concurrent-activities", Integer.class).orElse(200),
              environment.getProperty(prefix + "max-activities-per-second", Double.class).orElse(0.0)));
    }
    return List.copyOf(settings);
  }

  @Override
  public String toString() {
    return queue.queueName() + " (" + maxConcurrentActivities + " at once"
        + (maxActivitiesPerSecond > 0 ? ", " + maxActivitiesPerSecond + "/s across workers" : "") + ")";
  }
}
