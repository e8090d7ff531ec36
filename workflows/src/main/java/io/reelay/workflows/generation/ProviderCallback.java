package io.reelay.workflows.generation;

/**
 * A provider's webhook, delivered to the workflow as a signal. It is a hint that something
 * changed; the workflow confirms the job's state by polling the provider.
 *
 * @param providerJobId the provider's job id named in the callback, or null if absent
 * @param status        the status the callback claims, as the provider spelled it
 */
public record ProviderCallback(String providerJobId, String status) {}
