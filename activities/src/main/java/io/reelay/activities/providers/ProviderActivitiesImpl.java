package io.reelay.activities.providers;

import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.ProviderActivities;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The workflow's provider port. Looks up the adapter, builds the callback URL (its token never
 * leaves this activity) and turns {@link ProviderException}s into Temporal failures: definitive
 * refusals are non-retryable, transient ones carry the provider's retry hint.
 */
@Singleton
public class ProviderActivitiesImpl implements ProviderActivities {

  private final ProviderRegistry registry;
  private final CallbackTokens callbackTokens;

  public ProviderActivitiesImpl(ProviderRegistry registry, CallbackTokens callbackTokens) {
    this.registry = registry;
    this.callbackTokens = callbackTokens;
  }

  @Override
  public SubmittedJob submit(SubmitJob job) {
    String token = job.requestCallback() ? callbackTokens.token(job.provider(), job.generationId()) : null;
    try {
      URI callback =
          job.requestCallback()
              ? callbackTokens.callbackUrl(job.provider(), job.generationId())
              : null;
      String id =
          registry
              .adapter(job.provider())
              .submit(job.generationId(), job.model(), job.spec(), callback);
      return new SubmittedJob(id);
    } catch (ProviderException e) {
      // a provider may echo our request (callback URL included) in its error body
      ApplicationFailure failure = asFailure(e);
      return throwRedacted(failure, token);
    } catch (RuntimeException e) {
      // Unexpected errors go to logs and workflow history: keep the callback token out of both,
      // and drop the cause, whose message and stack may carry it too.
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (token != null) {
        message = message.replace(token, "[redacted]");
      }
      throw ApplicationFailure.newFailure("submit failed: " + message, "SubmitError");
    }
  }

  @Override
  public JobState poll(PollJob job) {
    try {
      return registry.adapter(job.provider()).poll(job.providerJobId());
    } catch (ProviderException e) {
      throw asFailure(e);
    }
  }

  @Override
  public void cancel(PollJob job) {
    try {
      registry.adapter(job.provider()).cancel(job.providerJobId());
    } catch (ProviderException e) {
      throw asFailure(e);
    }
  }

  private static SubmittedJob throwRedacted(ApplicationFailure failure, String token) {
    if (token == null || !failure.getOriginalMessage().contains(token)) {
      throw failure;
    }
    String message = failure.getOriginalMessage().replace(token, "[redacted]");
    throw failure.isNonRetryable()
        ? ApplicationFailure.newNonRetryableFailure(message, failure.getType())
        : ApplicationFailure.newFailureWithCauseAndDelay(
            message, failure.getType(), null, failure.getNextRetryDelay());
  }

  /** Maps an adapter error onto a Temporal failure the workflow's retry options understand. */
  public static ApplicationFailure asFailure(ProviderException e) {
    String message = e.code() + ": " + e.getMessage();
    if (!e.retryable()) {
      return ApplicationFailure.newNonRetryableFailure(message, PROVIDER_REJECTED);
    }
    return ApplicationFailure.newFailureWithCauseAndDelay(
        message, "ProviderUnavailable", null, e.retryAfter());
  }
}
