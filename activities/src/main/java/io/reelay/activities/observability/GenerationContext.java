package io.reelay.activities.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.slf4j.MDC;

/**
 * Marks work done for one generation: the generation id as an attribute of the current span (a
 * no-op when tracing is off) and in the logging MDC, so every log line written meanwhile carries
 * it (the JSON log format shows MDC entries as fields). Ids only: nothing here may carry a key,
 * token or URL.
 */
public final class GenerationContext implements AutoCloseable {

  /** The span attribute that names the generation a span worked for. */
  public static final AttributeKey<String> GENERATION_ID_ATTRIBUTE = AttributeKey.stringKey("reelay.generation_id");

  /** MDC keys (and JSON log fields). */
  public static final String GENERATION_ID = "generation_id";

  public static final String WORKFLOW_ID = "workflow_id";

  private final String previousGenerationId;
  private final String previousWorkflowId;
  private final boolean setsWorkflowId;

  private GenerationContext(String generationId, String workflowId) {
    this.previousGenerationId = MDC.get(GENERATION_ID);
    this.previousWorkflowId = MDC.get(WORKFLOW_ID);
    this.setsWorkflowId = workflowId != null;
    if (generationId != null) {
      tagSpan(generationId);
      MDC.put(GENERATION_ID, generationId);
    }
    if (workflowId != null) {
      MDC.put(WORKFLOW_ID, workflowId);
    }
  }

  /** Names the generation on the current span only (a request that writes no log line about it). */
  public static void tagSpan(String generationId) {
    Span.current().setAttribute(GENERATION_ID_ATTRIBUTE, generationId);
  }

  /** Tags the current span and, until {@link #close}, this thread's log lines with a generation. */
  public static GenerationContext of(String generationId) {
    return new GenerationContext(generationId, null);
  }

  /**
   * Like {@link #of(String)}, plus the Temporal workflow id the work belongs to; a null generation
   * id (a workflow that is no generation's) sets only the workflow id.
   */
  public static GenerationContext of(String generationId, String workflowId) {
    return new GenerationContext(generationId, workflowId);
  }

  /** Puts back what the MDC held before (nested contexts, pooled threads). */
  @Override
  public void close() {
    restore(GENERATION_ID, previousGenerationId);
    if (setsWorkflowId) {
      restore(WORKFLOW_ID, previousWorkflowId);
    }
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
