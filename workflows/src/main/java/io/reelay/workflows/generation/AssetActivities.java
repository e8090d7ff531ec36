package io.reelay.workflows.generation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Moves a finished video from the provider into our asset store. */
@ActivityInterface
public interface AssetActivities {

  /**
   * Streams the provider's result into the store (size cap, content check, SHA-256) and reads
   * the real duration and dimensions from the MP4. Idempotent: storing twice overwrites with the
   * same bytes.
   */
  @ActivityMethod(name = "StoreVideo")
  StoredVideo store(StoreVideo request);

  /**
   * @param generationId  ours
   * @param provider      adapter name
   * @param providerJobId the provider's id of the finished job
   */
  record StoreVideo(String generationId, String provider, String providerJobId) {}

  /**
   * @param assetKey       where the store keeps it
   * @param sizeBytes      file size
   * @param sha256         hex SHA-256 of the bytes
   * @param durationMillis actual duration read from the MP4
   * @param width          frame width in pixels
   * @param height         frame height in pixels
   */
  record StoredVideo(
      String assetKey, long sizeBytes, String sha256, long durationMillis, int width, int height) {}
}
