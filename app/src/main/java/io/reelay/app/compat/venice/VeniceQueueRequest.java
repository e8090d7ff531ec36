package io.reelay.app.compat.venice;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of POST /video/queue. Prompt lengths and image sources are the core's rules, checked
 * when the generation is created.
 *
 * @param imageUrl the first frame: a base64 data: URI or an http(s) URL
 * @param seed the core takes 0 to 4294967295
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record VeniceQueueRequest(
    @StrictJson @NotBlank(message = "model is required") String model,
    @StrictJson @NotNull(message = "prompt is required") String prompt,
    @StrictJson @Nullable String negativePrompt,
    @StrictJson @NotNull(message = "duration is required") @Pattern(regexp = VeniceOptions.DURATIONS, message = VeniceOptions.DURATION_RULE)
        String duration,
    @StrictJson @Nullable @Pattern(regexp = VeniceOptions.RESOLUTIONS, message = VeniceOptions.RESOLUTION_RULE) String resolution,
    @StrictJson @Nullable @Pattern(regexp = VeniceOptions.ASPECT_RATIOS, message = VeniceOptions.ASPECT_RATIO_RULE) String aspectRatio,
    @StrictJson @Nullable Boolean audio,
    @StrictJson @Nullable String imageUrl,
    @StrictJson @Nullable @Min(value = 0, message = SEED_RULE) @Max(value = 4_294_967_295L, message = SEED_RULE) Long seed) {

  static final String SEED_RULE = "seed must be an integer from 0 to 4294967295";

  VeniceOptions options() {
    return VeniceOptions.of(duration, resolution, aspectRatio, audio);
  }
}
