package io.reelay.workflows.generation;

/**
 * One provider a generation may be sent to, with how to wait for it. A model's route is an
 * ordered list of these: the next one takes the job when the current one refuses it or stalls.
 *
 * @param provider   adapter name, e.g. "vinci"
 * @param waitPolicy callbacks, poll interval and stall deadline at this provider
 */
public record ProviderRoute(String provider, WaitPolicy waitPolicy) {}
