package io.reelay.workflows.generation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The task queues a generation's work runs on, one per concern, so each can be given its own
 * workers, concurrency and rate limit. A worker process polls the ones it is configured for
 * ({@code reelay.worker.task-queues}, by {@link #concern()}).
 */
public enum TaskQueue {
  /** Workflows themselves, read-model writes and client webhooks. */
  GENERATIONS("reelay-generations"),
  /** Calls to upstream providers: submit, poll, cancel. */
  PROVIDERS("reelay-providers"),
  /** Streaming finished videos from providers into the asset store. */
  DOWNLOADS("reelay-downloads"),
  /** The ledger: reserve, capture, release. */
  BILLING("reelay-billing");

  private final String queueName;

  TaskQueue(String queueName) {
    this.queueName = queueName;
  }

  /** The Temporal task queue's name. */
  public String queueName() {
    return queueName;
  }

  /** The name configuration uses: generations, providers, downloads or billing. */
  public String concern() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The queue of a configured concern name; a clear error for an unknown one. */
  public static TaskQueue ofConcern(String concern) {
    String wanted = concern.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(queue -> queue.concern().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown task queue '" + concern.trim() + "': expected one of "
                        + Arrays.stream(values()).map(TaskQueue::concern).collect(Collectors.joining(", "))));
  }
}
