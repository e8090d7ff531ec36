package io.reelay.activities.generations;

import io.reelay.workflows.generation.AssetActivities.StoredVideo;
import io.reelay.workflows.generation.GenerationRecordActivities;
import io.reelay.workflows.generation.GenerationRequest;
import io.reelay.activities.providers.ProviderGuard;
import io.reelay.activities.webhooks.WebhookDispatcher;
import io.temporal.activity.Activity;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workflow's read-model port, backed by {@link GenerationStore}. */
@Singleton
public class GenerationRecordActivitiesImpl implements GenerationRecordActivities {

  private static final Logger log = LoggerFactory.getLogger(GenerationRecordActivitiesImpl.class);

  /**
   * How many attempts of a terminal record activity may fail on starting the webhook (about five
   * minutes at the bookkeeping backoff). After that the generation ends anyway, its money and row
   * are final, and the webhook is left to a redelivery: it must not keep the workflow open.
   */
  static final int WEBHOOK_START_ATTEMPTS = 12;

  private final GenerationStore store;
  private final ProviderGuard providerGuard;
  private final WebhookDispatcher webhooks;

  public GenerationRecordActivitiesImpl(
      GenerationStore store, ProviderGuard providerGuard, WebhookDispatcher webhooks) {
    this.store = store;
    this.providerGuard = providerGuard;
    this.webhooks = webhooks;
  }

  @Override
  public void created(GenerationRequest request) {
    store.insertPending(request);
  }

  @Override
  public void rejected(String generationId, String errorCode, String message) {
    store.markRejected(UUID.fromString(generationId), errorCode, message);
  }

  @Override
  public void submitted(String generationId, String provider, String providerJobId) {
    store.markSubmitted(UUID.fromString(generationId), provider, providerJobId);
  }

  @Override
  public void progress(String generationId, int progress) {
    store.markProgress(UUID.fromString(generationId), progress);
  }

  @Override
  public void completed(String generationId, StoredVideo video, long costMicros) {
    // the job no longer runs upstream: free its slot in the provider's concurrency budget
    providerGuard.jobEnded(generationId);
    store.markCompleted(UUID.fromString(generationId), video, costMicros);
    // after the row is final, so the webhook carries the final state; idempotent on retry
    startWebhook(generationId);
  }

  @Override
  public void failed(String generationId, String errorCode, String message) {
    // the job no longer runs upstream: free its slot in the provider's concurrency budget
    providerGuard.jobEnded(generationId);
    store.markFailed(UUID.fromString(generationId), errorCode, message);
    // after the row is final, so the webhook carries the final state; idempotent on retry
    startWebhook(generationId);
  }

  @Override
  public void canceled(String generationId, String reason) {
    // the job no longer runs upstream: free its slot in the provider's concurrency budget
    providerGuard.jobEnded(generationId);
    store.markCanceled(UUID.fromString(generationId), reason);
    // after the row is final, so the webhook carries the final state; idempotent on retry
    startWebhook(generationId);
  }

  private void startWebhook(String generationId) {
    try {
      webhooks.generationEnded(UUID.fromString(generationId));
    } catch (RuntimeException e) {
      if (Activity.getExecutionContext().getInfo().getAttempt() < WEBHOOK_START_ATTEMPTS) {
        throw e;
      }
      log.error(
          "could not start the webhook of generation {} after {} attempts; the generation ends without"
              + " it (POST /v1/generations/{}/webhook-deliveries/redeliver sends it)",
          generationId, WEBHOOK_START_ATTEMPTS, generationId, e);
    }
  }
}
