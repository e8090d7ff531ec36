package io.reelay.app.generations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/**
 * The body of POST /v1/generations. Fields not listed here are refused (400), so a typo never
 * falls back to a default. What depends on the model (durations, resolutions, aspect ratios,
 * audio, images, camera_fixed), lengths counted in code points, and the URL forms are checked by
 * {@link CreateGeneration#parse}: no annotation can.
 *
 * @param model the model's id, one of GET /v1/models
 * @param seed the same seed and parameters give the same video (where the provider supports it)
 * @param metadata yours, returned as given: at most 32 keys and 4096 characters as JSON
 * @param webhookUrl where the generation's event is POSTed (Standard Webhooks); a public
 *     address; overrides the account's default
 * @param imageUrl the first frame to animate: an http(s) URL or a data:image/...;base64, URI;
 *     only for models with image_to_video
 * @param referenceImageUrls images guiding style and subject, http(s) or data: URIs; at most
 *     the model's max_reference_images
 * @param cameraFixed only for models with camera_fixed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(name = "CreateGenerationRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record CreateGenerationRequest(
    @StrictJson @NotNull(message = "model is required") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1)
        String model,
    @StrictJson
        @NotNull(message = "prompt is required")
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "prompt" + NO_CONTROLS)
        @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            minLength = 1,
            maxLength = CreateGeneration.MAX_PROMPT_CHARS,
            description = "What to show; not blank. Characters are counted as Unicode code points.")
        String prompt,
    @StrictJson
        @Nullable
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "negative_prompt" + NO_CONTROLS)
        @Schema(minLength = 1, maxLength = CreateGeneration.MAX_PROMPT_CHARS, description = "What to avoid.")
        String negativePrompt,
    @StrictJson
        @Nullable
        @Schema(minimum = "1", maximum = "10", description = "Within the model's duration_seconds (GET /v1/models); default: the model's default.")
        Integer durationSeconds,
    @StrictJson
        @Nullable
        @Schema(pattern = ASPECT_RATIOS, defaultValue = "16:9", description = "One of the model's aspect_ratios: 16:9, 9:16 or 1:1.")
        String aspectRatio,
    @StrictJson
        @Nullable
        @Schema(pattern = RESOLUTIONS, description = "One of the model's resolutions: 480p, 720p or 1080p; default: the model's lowest.")
        String resolution,
    @StrictJson
        @Nullable
        @Min(value = 0, message = SEED_RULE)
        @Max(value = 4_294_967_295L, message = SEED_RULE)
        Long seed,
    @StrictJson
        @Nullable
        @Schema(defaultValue = "false", description = "Only for models that offer audio (priced with their surcharge).")
        Boolean audio,
    @StrictJson
        @Nullable
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "audio_prompt" + NO_CONTROLS)
        @Schema(minLength = 1, maxLength = CreateGeneration.MAX_PROMPT_CHARS, description = "Needs audio: true.")
        String audioPrompt,
    @StrictJson @Nullable Boolean cameraFixed,
    @StrictJson @Nullable @Schema(maxLength = 2048, format = "uri") String webhookUrl,
    @Nullable
        // documented as the JSON object it must be; read as a tree, checked by CreateGeneration
        @Schema(
            implementation = Map.class,
            maxProperties = CreateGeneration.MAX_METADATA_KEYS,
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
        JsonNode metadata,
    @StrictJson @Nullable @Schema(maxLength = 8192) String imageUrl,
    @StrictJson
        @Nullable
        @ArraySchema(minItems = 1, maxItems = CreateGeneration.MAX_REFERENCE_IMAGES, schema = @Schema(maxLength = 8192))
        List<String> referenceImageUrls) {

  /** C0 controls but tab, newline and carriage return, and DEL: refused in every text field. */
  static final String NO_CONTROL_CHARACTERS = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$";

  // patterns, not enums: an OpenAPI 3.0 enum refuses the null these optional fields accept
  static final String ASPECT_RATIOS = "^(16:9|9:16|1:1)$";
  static final String RESOLUTIONS = "^(480p|720p|1080p)$";

  static final String NO_CONTROLS = " must not contain control characters (other than tab and newline)";
  static final String SEED_RULE = "seed must be an integer from 0 to 4294967295";
}
