package io.reelay.app.compat.venice;

import io.micronaut.core.annotation.Nullable;
import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGenerationRequest;
import io.reelay.app.models.ModelSpec;

/**
 * The parameters quote and queue share, with the document's defaults applied once, here: so the
 * quote and the hold the queue places are computed from the same values.
 *
 * @param aspectRatio null: the model's default (the document names none)
 */
record VeniceOptions(int durationSeconds, String resolution, @Nullable String aspectRatio, boolean audio) {

  static final String DURATIONS = "^(5s|10s)$";
  static final String RESOLUTIONS = "^(720p|1080p)$";
  static final String ASPECT_RATIOS = "^(16:9|9:16|1:1)$";
  static final String DURATION_RULE = "duration must be \"5s\" or \"10s\"";
  static final String RESOLUTION_RULE = "resolution must be \"720p\" or \"1080p\"";
  static final String ASPECT_RATIO_RULE = "aspect_ratio must be \"16:9\", \"9:16\" or \"1:1\"";
  /** The document's default resolution (a Reelay model's own default may be lower). */
  static final String DEFAULT_RESOLUTION = "720p";

  /** From fields the request records have already checked against the patterns above. */
  static VeniceOptions of(String duration, @Nullable String resolution, @Nullable String aspectRatio, @Nullable Boolean audio) {
    if (duration == null || !duration.matches(DURATIONS)) {
      throw ApiException.invalid("duration", DURATION_RULE);
    }
    return new VeniceOptions(
        Integer.parseInt(duration.substring(0, duration.length() - 1)),
        resolution == null ? DEFAULT_RESOLUTION : resolution,
        aspectRatio,
        Boolean.TRUE.equals(audio));
  }

  /**
   * The price of a video with these options on {@code model}: what {@code POST /video/queue}
   * holds, refused as the queue would refuse it where the model does not offer an option.
   */
  long holdMicros(ModelSpec model) {
    if (!model.offersDuration(durationSeconds)) {
      throw ApiException.invalid("duration", model.id() + " does not make " + durationSeconds + "s videos");
    }
    if (!model.resolutions().contains(resolution)) {
      throw ApiException.invalid("resolution", model.id() + " does not make " + resolution + " videos");
    }
    if (aspectRatio != null && !model.aspectRatios().contains(aspectRatio)) {
      throw ApiException.invalid("aspect_ratio", model.id() + " does not make " + aspectRatio + " videos");
    }
    if (audio && !model.offersAudio()) {
      throw ApiException.invalid("audio", model.id() + " does not offer audio");
    }
    return model.estimateMicros(durationSeconds, resolution, audio);
  }

  /** The native create these options and the queue's other fields make, on Reelay's model {@code modelId}. */
  CreateGenerationRequest nativeRequest(String modelId, VeniceQueueRequest queue) {
    return new CreateGenerationRequest(
        modelId,
        queue.prompt(),
        queue.negativePrompt(),
        durationSeconds,
        aspectRatio,
        resolution,
        queue.seed(),
        audio,
        null,
        null,
        null,
        null,
        queue.imageUrl(),
        null);
  }
}
