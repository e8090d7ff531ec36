package io.reelay.workflows.generation;

/** Names shared by the API, the worker and operators. */
public final class GenerationIds {

  /** The task queue the generation workflow runs on (its activities have queues by concern). */
  public static final String TASK_QUEUE = TaskQueue.GENERATIONS.queueName();

  private static final String WORKFLOW_ID_PREFIX = "generation-";

  private GenerationIds() {}

  /** The workflow id of a generation: {@code generation-<generationId>}. */
  public static String workflowId(String generationId) {
    return WORKFLOW_ID_PREFIX + generationId;
  }
}
