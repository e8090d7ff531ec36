package io.reelay.activities.providers;

import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.ProviderActivities;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;
import io.reelay.activities.assets.inputs.InputImages;
import io.reelay.workflows.generation.ImageInput;
import io.reelay.workflows.generation.VideoSpec;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workflow's provider port. Looks up the adapter, builds the callback URL (its token never
 * leaves this activity) and turns {@link ProviderException}s into Temporal failures: definitive
 * refusals are non-retryable, transient ones carry the provider's retry hint.
 */
@Singleton
public class ProviderActivitiesImpl implements ProviderActivities {

  private final ProviderRegistry registry;
  private final CallbackTokens callbackTokens;
  private final UpstreamModels upstreamModels;
  private final InputImages inputImages;
  private final ProviderGuard guard;
  private final ProviderMetrics metrics;

  public ProviderActivitiesImpl(
      ProviderRegistry registry,
      CallbackTokens callbackTokens,
      UpstreamModels upstreamModels,
      InputImages inputImages,
      ProviderGuard guard,
      ProviderMetrics metrics) {
    this.registry = registry;
    this.callbackTokens = callbackTokens;
    this.upstreamModels = upstreamModels;
    this.inputImages = inputImages;
    this.guard = guard;
    this.metrics = metrics;
  }

  @Override
  public SubmittedJob submit(SubmitJob job) {
    String token = job.requestCallback() ? callbackTokens.token(job.provider(), job.generationId()) : null;
    try {
      URI callback =
          job.requestCallback()
              ? callbackTokens.callbackUrl(job.provider(), job.generationId())
              : null;
      ProviderAdapter adapter = registry.adapter(job.provider());
      Optional<ProviderGuard.Hold> hold = guard.clearSubmission(job.provider(), job.generationId());
      if (hold.isPresent()) {
        if (hold.get().circuitOpen() && !job.lastResort()) {
          // another provider follows on the route: let it take the job now
          throw ProviderException.refused("CIRCUIT_OPEN", hold.get().reason());
        }
        metrics.heldBack(job.provider(), hold.get().cause());
        return SubmittedJob.heldBack(hold.get().retryAfter().toMillis(), hold.get().reason());
      }
      ProviderAdapter.Submission submission =
          new ProviderAdapter.Submission(
              job.generationId(),
              upstreamModels.resolve(job.provider(), job.model(), job.spec().firstFrame() != null),
              job.spec(),
              callback,
              images(job.spec()));
      try {
        return SubmittedJob.submitted(
            metrics.timed(
                job.provider(),
                ProviderMetrics.Operation.SUBMIT,
                () -> guard.call(job.provider(), () -> adapter.submit(submission))));
      } catch (ProviderException e) {
        if (!e.retryable()) {
          // refused for good: no job runs there, so it holds no concurrency slot
          guard.jobEnded(job.generationId());
        }
        throw e;
      }
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

  /** The spec's images with their bytes and a signed URL, first frame first. */
  private List<ProviderAdapter.Image> images(VideoSpec spec) {
    List<ProviderAdapter.Image> images = new ArrayList<>();
    for (ImageInput image : spec.imagesOrEmpty()) {
      byte[] bytes;
      try {
        bytes = inputImages.load(image);
      } catch (IOException e) {
        // the store is ours: a read failure is transient, a lost input is not the provider's fault
        throw ApplicationFailure.newFailure("input image unreadable: " + e.getMessage(), "InputImageUnreadable");
      }
      ProviderAdapter.Image loaded =
          new ProviderAdapter.Image(image.firstFrame(), image.contentType(), bytes, inputImages.signedUrl(image));
      if (image.firstFrame()) {
        images.add(0, loaded);
      } else {
        images.add(loaded);
      }
    }
    return images;
  }

  @Override
  public JobState poll(PollJob job) {
    try {
      ProviderAdapter adapter = registry.adapter(job.provider());
      Optional<ProviderGuard.Hold> hold = guard.clearStatusCall(job.provider(), false);
      if (hold.isPresent()) {
        // retried after the hint; if that is too long the workflow just polls at its next turn
        throw new ProviderException(true, "BUDGET_SPENT", hold.get().reason(), hold.get().retryAfter());
      }
      return metrics.timed(
          job.provider(),
          ProviderMetrics.Operation.POLL,
          () -> guard.call(job.provider(), () -> adapter.poll(job.providerJobId())));
    } catch (ProviderException e) {
      throw asFailure(e);
    }
  }

  @Override
  public void cancel(PollJob job) {
    // canceled (or given up on for failover): it stops counting against the provider's budget
    guard.jobEnded(job.generationId());
    try {
      ProviderAdapter adapter = registry.adapter(job.provider());
      metrics.timed(
          job.provider(),
          ProviderMetrics.Operation.CANCEL,
          () -> {
            adapter.cancel(job.providerJobId());
            return null;
          });
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
