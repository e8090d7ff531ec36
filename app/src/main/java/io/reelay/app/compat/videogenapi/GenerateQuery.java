package io.reelay.app.compat.videogenapi;

import io.micronaut.core.convert.value.ConvertibleMultiValues;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generate fields sent as query parameters: two of the document's tables list them under
 * "Query Parameters", while its examples send a JSON body. A create without a body reads them
 * from the query string, typed as the body's fields are, then checked by the same annotations.
 */
final class GenerateQuery {

  private static final Set<String> INTEGERS = Set.of("duration", "seed");
  private static final Set<String> BOOLEANS = Set.of("camera_fixed", "add_audio");
  private static final Set<String> TEXTS =
      Set.of("model", "prompt", "image_url", "resolution", "aspect_ratio", "audio_prompt", "veo_model");
  private static final String REFERENCES = "reference_image_urls";

  private GenerateQuery() {}

  /** Whether the query string names any generate field. */
  static boolean present(ConvertibleMultiValues<String> parameters) {
    return parameters.names().stream()
        .anyMatch(name -> INTEGERS.contains(name) || BOOLEANS.contains(name) || TEXTS.contains(name) || REFERENCES.equals(name));
  }

  static GenerateRequest read(ConvertibleMultiValues<String> parameters, JsonMapper json, Validator validator) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (String name : parameters.names()) {
      String value = parameters.get(name);
      if (INTEGERS.contains(name)) {
        fields.put(name, integer(name, value));
      } else if (BOOLEANS.contains(name)) {
        fields.put(name, bool(name, value));
      } else if (TEXTS.contains(name)) {
        fields.put(name, JsonNode.createStringNode(value));
      } else if (REFERENCES.equals(name)) {
        // repeated (?reference_image_urls=a&reference_image_urls=b)
        List<JsonNode> urls = parameters.getAll(name).stream().map(JsonNode::createStringNode).toList();
        fields.put(name, JsonNode.createArrayNode(urls));
      }
    }
    GenerateRequest request;
    try {
      request = json.readValueFromTree(JsonNode.createObjectNode(fields), GenerateRequest.class);
    } catch (IOException e) {
      throw ApiException.invalid(null, "the query parameters could not be read as a generate request");
    }
    Set<ConstraintViolation<GenerateRequest>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return request;
  }

  private static JsonNode integer(String name, String value) {
    try {
      return JsonNode.createNumberNode(new BigInteger(value.trim()));
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, name + " must be an integer");
    }
  }

  private static JsonNode bool(String name, String value) {
    String word = value.trim();
    if (!word.equals("true") && !word.equals("false")) {
      throw ApiException.invalid(name, name + " must be true or false");
    }
    return JsonNode.createBooleanNode(Boolean.parseBoolean(word));
  }
}
