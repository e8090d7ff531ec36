package io.reelay.workflows.generation;

/**
 * The result of a generation workflow that ended without failing: completed, or rejected at
 * admission. Provider failures and deadlines fail the workflow; cancellation cancels it.
 *
 * @param status    "completed" or "rejected"
 * @param costMicros what was captured, in micro-USD (0 when rejected)
 * @param errorCode why it was rejected, or null
 */
public record GenerationOutcome(String status, long costMicros, String errorCode) {}
