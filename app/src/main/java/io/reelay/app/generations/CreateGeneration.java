package io.reelay.app.generations;

import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.stream.Collectors;

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
    String webhookUrl,
    JsonNode metadata) {

  static final int MAX_PROMPT_CHARS = 2000;
  static final int MAX_METADATA_KEYS = 32;
  static final int MAX_METADATA_CHARS = 4096;
  private static final Set<String> FIELDS =
      Set.of(
          "model",
          "prompt",
          "negative_prompt",
          "duration_seconds",
          "aspect_ratio",
          "resolution",
          "seed",
          "webhook_url",
          "metadata");

  public static CreateGeneration parse(JsonNode body, ModelCatalog catalog) {
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
    String modelId = requiredString(body, "model");
    ModelSpec model =
        catalog
            .find(modelId)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "model",
                        "unknown model '" + modelId + "'; available: "
                            + catalog.all().stream().map(ModelSpec::id).collect(Collectors.joining(", "))));
    String prompt = requiredString(body, "prompt");
    checkText("prompt", prompt);
    if (prompt.isBlank()) {
      throw ApiException.invalid("prompt", "prompt must not be blank");
    }
    String negativePrompt = optionalString(body, "negative_prompt");
    if (negativePrompt != null) {
      checkText("negative_prompt", negativePrompt);
    }
    int duration = (int) optionalInteger(body, "duration_seconds", 5, model.minDurationSeconds(), model.maxDurationSeconds());
    String aspectRatio = oneOf(body, "aspect_ratio", "16:9", model.aspectRatios());
    String resolution = oneOf(body, "resolution", "480p", model.resolutions());
    Long seed = body.get("seed") == null || body.get("seed").isNull()
        ? null
        : optionalInteger(body, "seed", 0, 0, 4_294_967_295L);
    String webhookUrl = optionalString(body, "webhook_url");
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
    return new CreateGeneration(
        model, prompt, negativePrompt, duration, aspectRatio, resolution, seed, webhookUrl, metadata);
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

  private static String requiredString(JsonNode body, String field) {
    String value = optionalString(body, field);
    if (value == null) {
      throw ApiException.invalid(field, field + " is required");
    }
    return value;
  }

  private static String optionalString(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw ApiException.invalid(field, field + " must be a string");
    }
    return node.getStringValue();
  }

  private static long optionalInteger(JsonNode body, String field, long fallback, long min, long max) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    Number number = node.isNumber() ? node.getNumberValue() : null;
    boolean integral =
        number instanceof Integer
            || number instanceof Long
            || number instanceof Short
            || number instanceof BigInteger;
    if (!integral) {
      throw ApiException.invalid(field, field + " must be an integer from " + min + " to " + max);
    }
    BigInteger value = new BigInteger(number.toString());
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw ApiException.invalid(field, field + " must be an integer from " + min + " to " + max + " (got " + value + ")");
    }
    return value.longValue();
  }

  private static String oneOf(JsonNode body, String field, String fallback, java.util.List<String> allowed) {
    String value = optionalString(body, field);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw ApiException.invalid(field, field + " must be one of " + String.join(", ", allowed) + " (got '" + value + "')");
    }
    return value;
  }
}
