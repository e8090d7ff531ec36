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
   * @param lastResort      no provider follows on the route: when this one's circuit is open,
   *                        wait for it rather than refuse (which would fail over)
   */
  record SubmitJob(
      String generationId,
      String provider,
      String model,
      VideoSpec spec,
      boolean requestCallback,
      boolean lastResort) {}

  /**
   * Either the provider took the job, or it may not be asked now (its call or concurrency budget
   * is spent, or its circuit is open) and the workflow should wait and submit again.
   *
   * @param providerJobId the provider's id of the job, or null when held back
   * @param holdMillis    when held back: how long to wait before submitting again
   * @param holdReason    when held back: why, for the timer's summary and the logs
   */
  record SubmittedJob(String providerJobId, long holdMillis, String holdReason) {

    public static SubmittedJob submitted(String providerJobId) {
      return new SubmittedJob(providerJobId, 0, null);
    }

    public static SubmittedJob heldBack(long holdMillis, String reason) {
      return new SubmittedJob(null, holdMillis, reason);
    }
  }

  /**
   * @param generationId  ours
   * @param provider      adapter name
   * @param providerJobId the provider's id of the job
   * @param attempt       1-based poll counter, shown in the activity summary
   */
  record PollJob(String generationId, String provider, String providerJobId, int attempt) {}
}
