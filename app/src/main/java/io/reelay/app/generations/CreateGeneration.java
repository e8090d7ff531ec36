package io.reelay.app.generations;

import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.JsonFields;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated POST /v1/generations body. Validation names the offending field in every message
 * and rejects unknown fields, so typos do not silently fall back to defaults.
 */
public record CreateGeneration(
    ModelSpec model,
    String prompt,
    String negativePrompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    Long seed,
    boolean audio,
    String webhookUrl,
    JsonNode metadata,
    String imageUrl,
    List<String> referenceImageUrls,
    byte[] uploadedImage,
    String audioPrompt,
    Boolean cameraFixed) {

  static final int MAX_PROMPT_CHARS = 2000;
  static final int MAX_METADATA_KEYS = 32;
  static final int MAX_METADATA_CHARS = 4096;
  static final int MAX_REFERENCE_IMAGES = 5;
  private static final Set<String> FIELDS =
      Set.of(
          "model",
          "prompt",
          "negative_prompt",
          "duration_seconds",
          "aspect_ratio",
          "resolution",
          "seed",
          "audio",
          "webhook_url",
          "metadata",
          "image_url",
          "reference_image_urls",
          "audio_prompt",
          "camera_fixed");

  public static CreateGeneration parse(JsonNode body, ModelCatalog catalog) {
    return parse(body, catalog, null);
  }

  /**
   * @param uploadedImage the image file of a multipart create (the first frame), or null
   */
  public static CreateGeneration parse(JsonNode body, ModelCatalog catalog, byte[] uploadedImage) {
    if (body == null || !body.isObject()) {
      throw ApiException.invalid(null, "the request body must be a JSON object");
    }
    for (var entry : body.entries()) {
      if (!FIELDS.contains(entry.getKey())) {
        throw ApiException.invalid(
            entry.getKey(),
            "unknown field '" + entry.getKey() + "'; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    ModelSpec model = catalog.require(JsonFields.requiredString(body, "model"));
    String prompt = JsonFields.requiredString(body, "prompt");
    checkText("prompt", prompt);
    if (prompt.isBlank()) {
      throw ApiException.invalid("prompt", "prompt must not be blank");
    }
    String negativePrompt = JsonFields.optionalString(body, "negative_prompt");
    if (negativePrompt != null) {
      checkText("negative_prompt", negativePrompt);
    }
    int duration = (int) JsonFields.optionalInteger(
            body, "duration_seconds", model.defaultDurationSeconds(), model.minDurationSeconds(), model.maxDurationSeconds());
    if (!model.offersDuration(duration)) {
      throw ApiException.invalid(
          "duration_seconds",
          "duration_seconds must be one of " + model.allowedDurations() + " for " + model.id());
    }
    String aspectRatio = JsonFields.oneOf(body, "aspect_ratio", model.defaultAspectRatio(), model.aspectRatios());
    String resolution = JsonFields.oneOf(body, "resolution", model.defaultResolution(), model.resolutions());
    Long seed = body.get("seed") == null || body.get("seed").isNull()
        ? null
        : JsonFields.optionalInteger(body, "seed", 0, 0, 4_294_967_295L);
    boolean audio = JsonFields.optionalBoolean(body, "audio", false);
    if (audio && !model.offersAudio()) {
      throw ApiException.invalid("audio", model.id() + " does not offer audio");
    }
    String webhookUrl = JsonFields.optionalString(body, "webhook_url");
    if (webhookUrl != null) {
      checkWebhookUrl(webhookUrl);
    }
    JsonNode metadata = body.get("metadata");
    if (metadata != null && metadata.isNull()) {
      metadata = null;
    }
    if (metadata != null && (!metadata.isObject() || metadata.size() > MAX_METADATA_KEYS)) {
      throw ApiException.invalid(
          "metadata", "metadata must be a JSON object with at most " + MAX_METADATA_KEYS + " keys");
    }
    String imageUrl = JsonFields.optionalString(body, "image_url");
    if (imageUrl != null && uploadedImage != null) {
      throw ApiException.invalid("image_url", "send either an image file or image_url, not both");
    }
    if ((imageUrl != null || uploadedImage != null) && !model.imageToVideo()) {
      throw ApiException.invalid(
          uploadedImage != null ? "image" : "image_url", model.id() + " does not take an input image");
    }
    if (imageUrl != null) {
      checkImageSource("image_url", imageUrl);
    }
    List<String> references = referenceImageUrls(body, model);
    String audioPrompt = JsonFields.optionalString(body, "audio_prompt");
    if (audioPrompt != null) {
      checkText("audio_prompt", audioPrompt);
      if (!audio) {
        throw ApiException.invalid("audio_prompt", "audio_prompt needs audio: true");
      }
    }
    Boolean cameraFixed =
        body.get("camera_fixed") == null || body.get("camera_fixed").isNull()
            ? null
            : JsonFields.optionalBoolean(body, "camera_fixed", false);
    if (cameraFixed != null && !model.cameraFixed()) {
      throw ApiException.invalid("camera_fixed", model.id() + " does not take camera_fixed");
    }
    return new CreateGeneration(
        model, prompt, negativePrompt, duration, aspectRatio, resolution, seed, audio, webhookUrl, metadata,
        imageUrl, references, uploadedImage, audioPrompt, cameraFixed);
  }

  /** Whether the generation has any input image. */
  public boolean hasImages() {
    return imageUrl != null || uploadedImage != null || !referenceImageUrls.isEmpty();
  }

  private static List<String> referenceImageUrls(JsonNode body, ModelSpec model) {
    JsonNode node = body.get("reference_image_urls");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (model.maxReferenceImages() == 0) {
      throw ApiException.invalid("reference_image_urls", model.id() + " does not take reference images");
    }
    int max = Math.min(MAX_REFERENCE_IMAGES, model.maxReferenceImages());
    if (!node.isArray() || node.size() < 1 || node.size() > max) {
      throw ApiException.invalid(
          "reference_image_urls", "reference_image_urls must be an array of 1 to " + max + " image URLs");
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode element : node.values()) {
      if (!element.isString()) {
        throw ApiException.invalid("reference_image_urls", "reference_image_urls must hold strings");
      }
      checkImageSource("reference_image_urls", element.getStringValue());
      urls.add(element.getStringValue());
    }
    return List.copyOf(urls);
  }

  /** Syntax only: whether the address is safe is decided when it is fetched. */
  private static void checkImageSource(String field, String value) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("data:")) {
      return;
    }
    if (!(lower.startsWith("https://") || lower.startsWith("http://")) || value.length() > 8192) {
      throw ApiException.invalid(field, field + " must be an http(s) URL (at most 8192 characters) or a data: URI");
    }
  }

  private static void checkText(String field, String value) {
    if (hasControlCharacters(value)) {
      throw ApiException.invalid(field, field + " must not contain control characters (other than tab and newline)");
    }
    int chars = value.codePointCount(0, value.length());
    if (chars < 1 || chars > MAX_PROMPT_CHARS) {
      throw ApiException.invalid(
          field, field + " must be 1 to " + MAX_PROMPT_CHARS + " characters long (got " + chars + ")");
    }
  }

  /** NUL and other C0 controls cannot be stored (PostgreSQL text) and are never meant. */
  static boolean hasControlCharacters(String value) {
    return value.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f);
  }

  private static void checkWebhookUrl(String value) {
    try {
      URI uri = new URI(value);
      if (value.length() > 2048
          || uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
          || uri.getHost() == null) {
        throw ApiException.invalid("webhook_url", "webhook_url must be an absolute http(s) URL of at most 2048 characters");
      }
    } catch (URISyntaxException e) {
      throw ApiException.invalid("webhook_url", "webhook_url is not a valid URL");
    }
  }
}
