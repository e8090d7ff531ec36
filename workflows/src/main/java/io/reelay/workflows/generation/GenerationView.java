package io.reelay.workflows.generation;

/**
 * What the status query answers: the workflow's own view of where the generation is.
 *
 * @param status        pending, processing, completed, failed, canceled or rejected
 * @param step          the current step: admit, submit, wait, store, settle or done
 * @param progress      0–100 as last reported by the provider
 * @param provider      the provider in use
 * @param providerJobId the provider's job id once submitted
 * @param polls         how many times the provider has been polled
 * @param callbacks     how many provider callbacks have arrived
 */
public record GenerationView(
    String status,
    String step,
    int progress,
    String provider,
    String providerJobId,
    int polls,
    int callbacks) {}
