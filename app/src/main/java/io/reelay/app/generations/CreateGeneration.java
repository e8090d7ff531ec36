package io.reelay.app.generations;

import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.FieldRules;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * A validated POST /v1/generations body: a {@link CreateGenerationRequest} (its annotations
 * checked) with the model's rules applied and its defaults filled in.
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
  /**
   * The rules a {@link CreateGenerationRequest}'s annotations cannot hold: they depend on the
   * model (configuration) or on other fields, or count code points.
   *
   * @param uploadedImage the image file of a multipart create (the first frame), or null
   */
  public static CreateGeneration parse(CreateGenerationRequest body, ModelCatalog catalog, byte[] uploadedImage) {
    ModelSpec model = catalog.require(body.model());
    String prompt = body.prompt();
    checkText("prompt", prompt);
    if (prompt.isBlank()) {
      throw ApiException.invalid("prompt", "prompt must not be blank");
    }
    String negativePrompt = body.negativePrompt();
    if (negativePrompt != null) {
      checkText("negative_prompt", negativePrompt);
    }
    int duration =
        body.durationSeconds() == null
            ? model.defaultDurationSeconds()
            : (int) FieldRules.inRange("duration_seconds", body.durationSeconds(), model.minDurationSeconds(), model.maxDurationSeconds());
    if (!model.offersDuration(duration)) {
      throw ApiException.invalid(
          "duration_seconds",
          "duration_seconds must be one of " + model.allowedDurations() + " for " + model.id());
    }
    String aspectRatio = FieldRules.oneOf("aspect_ratio", body.aspectRatio(), model.defaultAspectRatio(), model.aspectRatios());
    String resolution = FieldRules.oneOf("resolution", body.resolution(), model.defaultResolution(), model.resolutions());
    boolean audio = Boolean.TRUE.equals(body.audio());
    if (audio && !model.offersAudio()) {
      throw ApiException.invalid("audio", model.id() + " does not offer audio");
    }
    String webhookUrl = body.webhookUrl();
    if (webhookUrl != null) {
      checkWebhookUrl(webhookUrl);
    }
    JsonNode metadata = body.metadata();
    if (metadata != null && metadata.isNull()) {
      metadata = null;
    }
    if (metadata != null && (!metadata.isObject() || metadata.size() > MAX_METADATA_KEYS)) {
      throw ApiException.invalid(
          "metadata", "metadata must be a JSON object with at most " + MAX_METADATA_KEYS + " keys");
    }
    String imageUrl = body.imageUrl();
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
    List<String> references = referenceImageUrls(body.referenceImageUrls(), model);
    String audioPrompt = body.audioPrompt();
    if (audioPrompt != null) {
      checkText("audio_prompt", audioPrompt);
      if (!audio) {
        throw ApiException.invalid("audio_prompt", "audio_prompt needs audio: true");
      }
    }
    Boolean cameraFixed = body.cameraFixed();
    if (cameraFixed != null && !model.cameraFixed()) {
      throw ApiException.invalid("camera_fixed", model.id() + " does not take camera_fixed");
    }
    return new CreateGeneration(
        model, prompt, negativePrompt, duration, aspectRatio, resolution, body.seed(), audio, webhookUrl, metadata,
        imageUrl, references, uploadedImage, audioPrompt, cameraFixed);
  }

  /** Whether the generation has any input image. */
  public boolean hasImages() {
    return imageUrl != null || uploadedImage != null || !referenceImageUrls.isEmpty();
  }

  private static List<String> referenceImageUrls(List<String> urls, ModelSpec model) {
    if (urls == null) {
      return List.of();
    }
    if (model.maxReferenceImages() == 0) {
      throw ApiException.invalid("reference_image_urls", model.id() + " does not take reference images");
    }
    int max = Math.min(MAX_REFERENCE_IMAGES, model.maxReferenceImages());
    if (urls.size() < 1 || urls.size() > max) {
      throw ApiException.invalid(
          "reference_image_urls", "reference_image_urls must be an array of 1 to " + max + " image URLs");
    }
    urls.forEach(url -> checkImageSource("reference_image_urls", url));
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
