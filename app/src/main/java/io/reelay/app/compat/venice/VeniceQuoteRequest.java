package io.reelay.app.compat.venice;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of POST /video/quote: the parameters that set a video's price. Unknown fields are
 * ignored, so a client may send its queue body as it is.
 *
 * @param duration "5s" or "10s"
 * @param resolution "720p" (default) or "1080p"
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record VeniceQuoteRequest(
    @StrictJson @NotBlank(message = "model is required") String model,
    @StrictJson @NotNull(message = "duration is required") @Pattern(regexp = VeniceOptions.DURATIONS, message = VeniceOptions.DURATION_RULE)
        String duration,
    @StrictJson @Nullable @Pattern(regexp = VeniceOptions.RESOLUTIONS, message = VeniceOptions.RESOLUTION_RULE) String resolution,
    @StrictJson @Nullable @Pattern(regexp = VeniceOptions.ASPECT_RATIOS, message = VeniceOptions.ASPECT_RATIO_RULE) String aspectRatio,
    @StrictJson @Nullable Boolean audio) {

  VeniceOptions options() {
    return VeniceOptions.of(duration, resolution, aspectRatio, audio);
  }
}
