package io.reelay.app.models;

import java.util.List;

/**
 * A model clients can ask for, with its limits, price and how its provider reports back.
 *
 * @param id                   public model name
 * @param provider             the provider that serves it
 * @param description          one line for GET /v1/models
 * @param providerCallsBack    whether the provider calls our webhook (else we poll)
 * @param minDurationSeconds   shortest video
 * @param maxDurationSeconds   longest video
 * @param aspectRatios         allowed aspect ratios
 * @param resolutions          allowed resolutions
 * @param pricePerSecondMicros price of one second of video, micro-USD
 * @param pollIntervalSeconds  how often to poll while waiting (a fallback when callbacks exist)
 * @param deadlineSeconds      overall deadline for the provider to finish
 */
public record ModelSpec(
    String id,
    String provider,
    String description,
    boolean providerCallsBack,
    int minDurationSeconds,
    int maxDurationSeconds,
    List<String> aspectRatios,
    List<String> resolutions,
    long pricePerSecondMicros,
    long pollIntervalSeconds,
    long deadlineSeconds) {

  /** The hold for a video of this length: its price at full requested duration. */
  public long estimateMicros(int durationSeconds) {
    return pricePerSecondMicros * durationSeconds;
  }
}
