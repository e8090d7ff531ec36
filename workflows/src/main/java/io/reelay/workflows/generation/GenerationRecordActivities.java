package io.reelay.workflows.generation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Keeps the {@code generations} read model current, so the API answers from PostgreSQL and never
 * by querying workflows. Every method is an idempotent upsert of the state it names.
 */
@ActivityInterface
public interface GenerationRecordActivities {

  @ActivityMethod(name = "RecordCreated")
  void created(GenerationRequest request);

  @ActivityMethod(name = "RecordRejected")
  void rejected(String generationId, String errorCode, String message);

  @ActivityMethod(name = "RecordSubmitted")
  void submitted(String generationId, String provider, String providerJobId);

  @ActivityMethod(name = "RecordProgress")
  void progress(String generationId, int progress);

  @ActivityMethod(name = "RecordCompleted")
  void completed(String generationId, AssetActivities.StoredVideo video, long costMicros);

  @ActivityMethod(name = "RecordFailed")
  void failed(String generationId, String errorCode, String message);

  @ActivityMethod(name = "RecordCanceled")
  void canceled(String generationId, String reason);
}
