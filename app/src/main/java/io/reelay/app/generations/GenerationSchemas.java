package io.reelay.app.generations;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON shapes of the generation endpoints, for the OpenAPI document. {@link CreateGeneration}
 * is what validates a create; {@link GenerationJson} and {@link GenerationEventJson} write the
 * answers. The schemathesis end-to-end test holds both to these shapes.
 */
final class GenerationSchemas {

  private GenerationSchemas() {}

  /** C0 controls but tab, newline and carriage return, and DEL: refused in every text field. */
  static final String NO_CONTROL_CHARACTERS = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$";

  // patterns, not enums: an OpenAPI 3.0 enum refuses the null these optional fields accept
  static final String ASPECT_RATIOS = "^(16:9|9:16|1:1)$";
  static final String RESOLUTIONS = "^(480p|720p|1080p)$";

  /**
   * The body of POST /v1/generations. Fields not listed here are refused (400), so a typo never
   * falls back to a default.
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
  @Schema(name = "CreateGenerationRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record CreateGenerationRequest(
      @Schema(requiredMode = REQUIRED, minLength = 1) String model,
      @Schema(
              requiredMode = REQUIRED,
              minLength = 1,
              maxLength = CreateGeneration.MAX_PROMPT_CHARS,
              pattern = NO_CONTROL_CHARACTERS,
              description = "What to show; not blank. Characters are counted as Unicode code points.")
          String prompt,
      @Nullable
          @Schema(minLength = 1, maxLength = CreateGeneration.MAX_PROMPT_CHARS, pattern = NO_CONTROL_CHARACTERS, description = "What to avoid.")
          String negativePrompt,
      @Nullable
          @Schema(
              minimum = "1",
              maximum = "10",
              description = "Within the model's duration_seconds (GET /v1/models); default: the model's default.")
          Integer durationSeconds,
      @Nullable @Schema(pattern = ASPECT_RATIOS, defaultValue = "16:9", description = "One of the model's aspect_ratios: 16:9, 9:16 or 1:1.")
          String aspectRatio,
      @Nullable @Schema(pattern = RESOLUTIONS, description = "One of the model's resolutions: 480p, 720p or 1080p; default: the model's lowest.")
          String resolution,
      @Nullable @Schema(minimum = "0", maximum = "4294967295") Long seed,
      @Nullable @Schema(defaultValue = "false", description = "Only for models that offer audio (priced with their surcharge).")
          Boolean audio,
      @Nullable @Schema(minLength = 1, maxLength = CreateGeneration.MAX_PROMPT_CHARS, pattern = NO_CONTROL_CHARACTERS, description = "Needs audio: true.")
          String audioPrompt,
      @Nullable Boolean cameraFixed,
      @Nullable @Schema(maxLength = 2048, format = "uri") String webhookUrl,
      @Nullable @Schema(maxProperties = CreateGeneration.MAX_METADATA_KEYS, additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> metadata,
      @Nullable @Schema(maxLength = 8192) String imageUrl,
      @Nullable @ArraySchema(minItems = 1, maxItems = CreateGeneration.MAX_REFERENCE_IMAGES, schema = @Schema(maxLength = 8192))
          List<String> referenceImageUrls) {}

  /**
   * The multipart form of POST /v1/generations: the fields of the JSON body as text parts (numbers
   * and booleans as their text, metadata as JSON text) and the first frame as the file part.
   *
   * @param referenceImageUrls repeated, or one part holding a JSON array
   * @param image the first frame to animate (JPEG, PNG or WebP), instead of image_url
   */
  @Schema(name = "CreateGenerationForm")
  record CreateGenerationMultipart(
      @Schema(requiredMode = REQUIRED) String model,
      @Schema(requiredMode = REQUIRED) String prompt,
      @Nullable String negativePrompt,
      @Nullable String durationSeconds,
      @Nullable String aspectRatio,
      @Nullable String resolution,
      @Nullable String seed,
      @Nullable String audio,
      @Nullable String audioPrompt,
      @Nullable String cameraFixed,
      @Nullable String webhookUrl,
      @Nullable String metadata,
      @Nullable List<String> referenceImageUrls,
      @Nullable @Schema(type = "string", format = "binary") byte[] image) {}

  /**
   * A generation as the API shows it (GET /v1/generations/{id}, and the data of its webhook).
   *
   * @param progress 0 to 100
   * @param provider the provider serving it now
   * @param estimatedCostUsd what was reserved when it was admitted
   * @param costUsd what was captured: set once it completed
   * @param videoUrl where to download the video, while it is stored (completed, not yet expired)
   * @param video what the stored MP4 holds, once completed (kept after it expired)
   * @param error why it failed or was canceled
   */
  @Schema(name = "Generation", requiredProperties = "error")
  record Generation(
      UUID id,
      @Schema(requiredMode = REQUIRED, allowableValues = "generation") String object,
      @Schema(
              requiredMode = REQUIRED,
              allowableValues = {"pending", "processing", "completed", "failed", "canceled", "expired"},
              description = "A create refused for lack of credits (402) shows as failed. A completed generation becomes expired once its video was deleted (retention).")
          String status,
      @Schema(requiredMode = REQUIRED, minimum = "0", maximum = "100") int progress,
      String model,
      String provider,
      String prompt,
      @Nullable @Schema(requiredMode = REQUIRED) String negativePrompt,
      int durationSeconds,
      String aspectRatio,
      String resolution,
      @Nullable @Schema(requiredMode = REQUIRED) Long seed,
      boolean audio,
      @Nullable @Schema(requiredMode = REQUIRED) String webhookUrl,
      @Nullable @Schema(requiredMode = REQUIRED, additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> metadata,
      BigDecimal estimatedCostUsd,
      @Nullable @Schema(requiredMode = REQUIRED) BigDecimal costUsd,
      @Nullable @Schema(requiredMode = REQUIRED, format = "uri") String videoUrl,
      @Nullable Video video,
      @Nullable Failure error,
      Instant createdAt,
      @Nullable @Schema(requiredMode = REQUIRED) Instant completedAt,
      @Nullable @Schema(requiredMode = REQUIRED, description = "When the stored video will be deleted (completed generations).") Instant expiresAt,
      @Nullable @Schema(requiredMode = REQUIRED, description = "When the video was deleted (expired generations).") Instant expiredAt) {}

  /**
   * The stored video, as measured from the MP4.
   *
   * @param sha256 hex
   */
  @Schema(name = "GenerationVideo")
  record Video(
      double durationSeconds,
      @Nullable @Schema(requiredMode = REQUIRED) Integer width,
      @Nullable @Schema(requiredMode = REQUIRED) Integer height,
      @Nullable @Schema(requiredMode = REQUIRED) Long sizeBytes,
      @Nullable @Schema(requiredMode = REQUIRED) String sha256) {}

  /**
   * Why a generation failed or was canceled.
   *
   * @param code e.g. INSUFFICIENT_CREDITS, CANCELED, or the provider's failure
   */
  @Schema(name = "GenerationError")
  record Failure(String code, String message) {}

  /**
   * A page of generations, newest first.
   *
   * @param nextCursor pass as cursor for the next page; null on the last page
   */
  @Schema(name = "GenerationList")
  record GenerationList(List<Generation> data, @Nullable @Schema(requiredMode = REQUIRED) String nextCursor) {}

  /**
   * A generation's timeline (GET /v1/generations/{id}/events as JSON).
   *
   * @param status as the generation object shows it
   */
  @Schema(name = "Timeline")
  record Timeline(UUID generationId, String status, List<TimelineEvent> events) {}

  /**
   * One step of a generation; each type adds its own fields (amounts in USD as *_usd).
   *
   * @param id its place in the timeline: 1, 2, ...; the id of its server-sent event
   * @param type e.g. created, admitted, submitted, progress, callback_received, completed, failed
   */
  @Schema(name = "TimelineEvent", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
  record TimelineEvent(int id, String type, Instant at) {}
}
