package io.reelay.workflows.generation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls to an upstream video provider through its adapter. Secrets (provider keys, callback
 * tokens, signed result URLs) stay inside the activities and never enter these values.
 */
@ActivityInterface
public interface ProviderActivities {

  /**
   * Submits the job. Transient errors are retried; a definitive refusal fails with the
   * non-retryable type {@link #PROVIDER_REJECTED}.
   */
  @ActivityMethod(name = "Submit")
  SubmittedJob submit(SubmitJob job);

  /** Asks the provider for the job's current state. */
  @ActivityMethod(name = "Poll")
  JobState poll(PollJob job);

  /** Best-effort cancel of the upstream job. */
  @ActivityMethod(name = "CancelUpstream")
  void cancel(PollJob job);

  /** Failure type for definitive provider refusals (bad input, unknown model, auth). */
  String PROVIDER_REJECTED = "ProviderRejected";

  /**
   * @param generationId    ours, also sent upstream as the client reference so resubmits dedupe
   * @param provider        adapter name
   * @param model           public model name
   * @param spec            what to render
   * @param requestCallback whether to ask the provider to call our webhook
   */
  record SubmitJob(
      String generationId, String provider, String model, VideoSpec spec, boolean requestCallback) {}

  /** @param providerJobId the provider's id of the job */
  record SubmittedJob(String providerJobId) {}

  /**
   * @param generationId  ours
   * @param provider      adapter name
   * @param providerJobId the provider's id of the job
   * @param attempt       1-based poll counter, shown in the activity summary
   */
  record PollJob(String generationId, String provider, String providerJobId, int attempt) {}
}
