package io.reelay.app.models;

import java.util.List;
import java.util.Map;

/**
 * A model clients can ask for, with its limits, prices and how its provider reports back.
 *
 * @param id                         public model name
 * @param providers                  the route: providers to try in order (at least one)
 * @param description                one line for GET /v1/models
 * @param providerCallsBack          whether the provider calls our webhook (else we poll)
 * @param minDurationSeconds         shortest video
 * @param maxDurationSeconds         longest video
 * @param allowedDurations           when not empty, the only durations offered
 * @param aspectRatios               allowed aspect ratios
 * @param resolutions                allowed resolutions
 * @param pricePerSecondMicros       price of one second of video by resolution, micro-USD
 * @param audioPricePerSecondMicros  surcharge per second for audio, or null when not offered
 * @param pollIntervalSeconds        how often to poll while waiting (a fallback with callbacks)
 * @param deadlineSeconds            overall deadline for the provider to finish
 * @param imageToVideo               whether image_url (a first frame) is accepted
 * @param maxReferenceImages         how many reference_image_urls are accepted (0–5)
 * @param cameraFixed                whether camera_fixed is accepted
 */
public record ModelSpec(
    String id,
    List<String> providers,
    String description,
    boolean providerCallsBack,
    int minDurationSeconds,
    int maxDurationSeconds,
    List<Integer> allowedDurations,
    List<String> aspectRatios,
    List<String> resolutions,
    Map<String, Long> pricePerSecondMicros,
    Long audioPricePerSecondMicros,
    long pollIntervalSeconds,
    long deadlineSeconds,
    boolean imageToVideo,
    int maxReferenceImages,
    boolean cameraFixed) {

  /** The first provider of the route. */
  public String provider() {
    return providers.get(0);
  }

  /** 16:9 unless the model does not offer it. */
  public String defaultAspectRatio() {
    return aspectRatios.contains("16:9") ? "16:9" : aspectRatios.get(0);
  }

  /** 480p unless the model does not offer it. */
  public String defaultResolution() {
    return resolutions.contains("480p") ? "480p" : resolutions.get(0);
  }

  /** 5 s, kept within the model's range (or its first allowed duration). */
  public int defaultDurationSeconds() {
    if (!allowedDurations.isEmpty()) {
      return allowedDurations.contains(5) ? 5 : allowedDurations.get(0);
    }
    return Math.max(minDurationSeconds, Math.min(5, maxDurationSeconds));
  }

  /** Whether a video of this length can be ordered. */
  public boolean offersDuration(int seconds) {
    return seconds >= minDurationSeconds
        && seconds <= maxDurationSeconds
        && (allowedDurations.isEmpty() || allowedDurations.contains(seconds));
  }

  public boolean offersAudio() {
    return audioPricePerSecondMicros != null;
  }

  /** The per-second rate of a video at this resolution, with the audio surcharge if asked. */
  public long ratePerSecondMicros(String resolution, boolean audio) {
    Long base = pricePerSecondMicros.get(resolution);
    if (base == null) {
      throw new IllegalArgumentException(id + " has no price for " + resolution);
    }
    return base + (audio ? audioPricePerSecondMicros : 0);
  }

  /**
   * The quote, and the hold a generation places: the rate at the full requested duration.
   * Settlement later bills the measured duration at the same rate, never more than this.
   */
  public long estimateMicros(int durationSeconds, String resolution, boolean audio) {
    return ratePerSecondMicros(resolution, audio) * durationSeconds;
  }
}
