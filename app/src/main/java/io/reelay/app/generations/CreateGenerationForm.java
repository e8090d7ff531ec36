package io.reelay.app.generations;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the text parts of a multipart create into the JSON body {@link CreateGeneration}
 * validates, so both forms of the call obey exactly the same rules: numbers and booleans are
 * typed when they parse (else left as text, which validation then names), metadata is parsed as
 * JSON, reference_image_urls may repeat or be one JSON array.
 */
final class CreateGenerationForm {

  private static final List<String> NUMBERS = List.of("duration_seconds", "seed");
  private static final List<String> BOOLEANS = List.of("audio", "camera_fixed");

  private CreateGenerationForm() {}

  static JsonNode fields(Map<String, String> text, List<String> referenceImageUrls, JsonMapper json) {
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
