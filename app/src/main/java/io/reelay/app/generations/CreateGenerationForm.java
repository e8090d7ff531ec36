package io.reelay.app.generations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the text parts of a multipart create into the {@link CreateGenerationRequest} of the JSON
 * form, read and validated the same way, so both forms of the call obey exactly the same rules:
 * numbers and booleans are typed when they parse (else left as text, which the record's reader
 * then names), metadata is parsed as JSON, reference_image_urls may repeat or be one JSON array.
 */
final class CreateGenerationForm {

  private static final List<String> NUMBERS = List.of("duration_seconds", "seed");
  private static final List<String> BOOLEANS = List.of("audio", "camera_fixed");

  private CreateGenerationForm() {}

  /**
   * The parts of the multipart form, for the OpenAPI document: they are bound one by one
   * (@Part), so this record only describes them.
   *
   * @param referenceImageUrls repeated, or one part holding a JSON array
   * @param image the first frame to animate (JPEG, PNG or WebP), instead of image_url
   */
  @Schema(name = "CreateGenerationForm")
  record Parts(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String model,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String prompt,
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

  /** The request the text parts make, read and validated as a JSON body is. */
  static CreateGenerationRequest request(
      Map<String, String> text, List<String> referenceImageUrls, JsonMapper json, Validator validator) {
    CreateGenerationRequest request;
    try {
      request = json.readValueFromTree(fields(text, referenceImageUrls, json), CreateGenerationRequest.class);
    } catch (IOException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ApiException api) {
          throw api;
        }
      }
      throw ApiException.invalid(null, "the form could not be read");
    }
    Set<ConstraintViolation<CreateGenerationRequest>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return request;
  }

  private static JsonNode fields(Map<String, String> text, List<String> referenceImageUrls, JsonMapper json) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    text.forEach(
        (name, value) -> {
          if (value != null) {
            fields.put(name, typed(name, value, json));
          }
        });
    List<String> references = referenceImageUrls == null ? List.of() : referenceImageUrls;
    if (references.size() == 1 && references.get(0).trim().startsWith("[")) {
      fields.put("reference_image_urls", parse("reference_image_urls", references.get(0), json));
    } else if (!references.isEmpty()) {
      List<JsonNode> urls = new ArrayList<>();
      references.forEach(url -> urls.add(JsonNode.createStringNode(url)));
      fields.put("reference_image_urls", JsonNode.createArrayNode(urls));
    }
    return JsonNode.createObjectNode(fields);
  }

  private static JsonNode typed(String name, String value, JsonMapper json) {
    String trimmed = value.trim();
    if (NUMBERS.contains(name) && trimmed.matches("-?\\d{1,18}")) {
      return JsonNode.createNumberNode(Long.parseLong(trimmed));
    }
    if (BOOLEANS.contains(name) && (trimmed.equals("true") || trimmed.equals("false"))) {
      return JsonNode.createBooleanNode(Boolean.parseBoolean(trimmed));
    }
    if (name.equals("metadata")) {
      return parse(name, value, json);
    }
    return JsonNode.createStringNode(value);
  }

  private static JsonNode parse(String name, String value, JsonMapper json) {
    try {
      return json.readValue(value, JsonNode.class);
    } catch (IOException e) {
      throw ApiException.invalid(name, name + " must be valid JSON in a multipart form");
    }
  }
}
