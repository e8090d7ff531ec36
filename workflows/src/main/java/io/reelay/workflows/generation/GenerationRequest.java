package io.reelay.workflows.generation;

/**
 * The input of one generation workflow, fixed when the API accepts the create call. It lands in
 * workflow history, so what the client sent beyond the video itself (webhook URL, metadata,
 * Idempotency-Key) stays in PostgreSQL and is not part of it.
 *
 * @param generationId         our id of the generation (the workflow id is derived from it)
 * @param accountId            the paying account
 * @param model                public model name, e.g. "sim-fast"
 * @param provider             the provider chosen by routing, e.g. "sim"
 * @param spec                 what to render
 * @param waitPolicy           callback/poll/deadline behaviour for this model and provider
 * @param estimatedCostMicros  the hold to reserve, in micro-USD
 * @param pricePerSecondMicros the rate used to bill the actual duration, in micro-USD
 * @param route                the providers to try in order; null or empty means just
 *                             {@code provider} with {@code waitPolicy} (histories recorded before
 *                             routes existed)
 */
public record GenerationRequest(
    String generationId,
    String accountId,
    String model,
    String provider,
    VideoSpec spec,
    WaitPolicy waitPolicy,
    long estimatedCostMicros,
    long pricePerSecondMicros,
    java.util.List<ProviderRoute> route) {

  /** The providers to try, in order. */
  public java.util.List<ProviderRoute> routeOrDefault() {
    return route == null || route.isEmpty()
        ? java.util.List.of(new ProviderRoute(provider, waitPolicy))
        : route;
  }
}
