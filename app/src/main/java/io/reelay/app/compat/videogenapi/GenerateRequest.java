package io.reelay.app.compat.videogenapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of VideoGenAPI's POST generate. The mode follows from the fields: a prompt alone is
 * text-to-video, with {@code image_url} image-to-video, with {@code reference_image_urls}
 * multi-image. Fields the document does not name are ignored, as a client may send back what an
 * answer held (style, fps). What depends on the mapped model is checked by the core.
 *
 * @param model a model key or name of the document; default: the configured default
 * @param duration seconds (default 5)
 * @param resolution 480p, 720p (default), 1080p or 4K
 * @param seed -1 or absent: random
 * @param addAudio sound for the video
 * @param audioPrompt guides the sound; used only with add_audio
 * @param veoModel a Veo variant, for Veo models; ignored with 3 or more reference images
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
record GenerateRequest(
    @Nullable String model,
    @NotNull(message = "prompt is required")
        @Size(max = GenerateRequest.MAX_PROMPT_CHARS, message = "prompt must be at most 1000 characters")
        String prompt,
    @Nullable String imageUrl,
    @Nullable @Size(min = 1, max = 5, message = "reference_image_urls must hold 1 to 5 image URLs") List<String> referenceImageUrls,
    @Nullable Integer duration,
    @Nullable String resolution,
    @Nullable String aspectRatio,
    @Nullable @Min(value = -1, message = SEED_RULE) @Max(value = 4_294_967_295L, message = SEED_RULE) Long seed,
    @Nullable Boolean cameraFixed,
    @Nullable Boolean addAudio,
    @Nullable String audioPrompt,
    @Nullable String veoModel) {

  static final int MAX_PROMPT_CHARS = 1000;
  static final String SEED_RULE = "seed must be -1 (random) or an integer from 0 to 4294967295";
}
