package io.reelay.workflows.generation;

import io.temporal.common.Priority;

/**
 * Temporal task priorities of a generation's activities (priority keys: 1 is dispatched first).
 * When the pipeline is saturated, work that finishes a generation and settles its money goes
 * ahead of work that starts more: a burst then lengthens the queue of generations not yet
 * submitted (which load shedding bounds), not the time every running generation takes. Within a
 * key, tasks keep their order. A Temporal server dispatches by priority only with its new
 * matcher (dynamic config {@code matching.useNewMatcher=true}; ./reelay and the stacks set it);
 * without it the keys are recorded and ignored.
 */
enum StepPriority {
  /** Capture, release, the terminal records, canceling an upstream job: money and endings. */
  SETTLE(1),
  /** Storing a finished video (the provider's URL may expire). */
  FINISH(2),
  /** Following a running job: polls, progress and submitted records. Temporal's default key. */
  FOLLOW(3),
  /** Starting a generation: its created record, its reserve (both usually done by the API), the submit. */
  START(4);

  private final Priority priority;

  StepPriority(int key) {
    this.priority = Priority.newBuilder().setPriorityKey(key).build();
  }

  Priority priority() {
    return priority;
  }

  int key() {
    return priority.getPriorityKey();
  }
}
