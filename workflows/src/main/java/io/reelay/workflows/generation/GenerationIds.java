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

  /** The generation a workflow id names, or null for another workflow (a webhook delivery, a sweep). */
  public static String generationIdOf(String workflowId) {
    return workflowId != null && workflowId.startsWith(WORKFLOW_ID_PREFIX)
        ? workflowId.substring(WORKFLOW_ID_PREFIX.length())
        : null;
  }
}
