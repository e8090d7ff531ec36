package io.reelay.workflows.generation;

/**
 * How the workflow waits for the provider.
 *
 * @param providerCallsBack   whether the provider is expected to call our webhook (a signal)
 * @param pollIntervalSeconds how long to wait for a callback before asking the provider ourselves
 * @param deadlineSeconds     overall budget from submission to a terminal provider state
 */
public record WaitPolicy(boolean providerCallsBack, long pollIntervalSeconds, long deadlineSeconds) {}
