package io.reelay.app.compat.openai;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGenerationRequest;
import java.util.List;

/**
 * A Videos API create in the native create's fields: seconds become duration_seconds, size
 * becomes aspect_ratio and resolution ({@link VideoSize}), input_reference becomes image_url. The
 * checks that need the model (duration, resolution, images) stay the core's.
 */
final class VideoOrders {

  /** The durations the Videos API offers; a create without seconds gets the first. */
  static final List<String> SECONDS = List.of("4", "8", "12");

  private VideoOrders() {}

  /**
   * @param modelId the Reelay model the door's model name maps to
   * @param seconds as sent ("8"), or null
   * @param size as sent, or null
   * @param imageUrl the input_reference's URL or data: URI, or null
   */
  static CreateGenerationRequest toNative(
      String modelId, String prompt, @Nullable String seconds, @Nullable String size, @Nullable String imageUrl) {
    VideoSize videoSize = size == null ? VideoSize.DEFAULT : VideoSize.of(size.trim()).orElseThrow(
        () -> ApiException.invalid("size", "size must be one of " + VideoSize.allowed() + " (got '" + size + "')"));
    return new CreateGenerationRequest(
        modelId, prompt, null, durationSeconds(seconds), videoSize.aspectRatio(), videoSize.resolution(),
        null, null, null, null, null, null, imageUrl, null);
  }

  static int durationSeconds(@Nullable String seconds) {
    String value = seconds == null ? SECONDS.get(0) : seconds.trim();
    if (!SECONDS.contains(value)) {
      throw ApiException.invalid(
          "seconds", "seconds must be one of '" + String.join("', '", SECONDS) + "' (got '" + seconds + "')");
    }
    return Integer.parseInt(value);
  }

  /** seconds as a JSON string, as documented, or as a whole number. */
  static @Nullable String seconds(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isString()) {
      return node.getStringValue();
    }
    if (node.isNumber() && node.getNumberValue().doubleValue() == Math.rint(node.getNumberValue().doubleValue())) {
      return String.valueOf(node.getNumberValue().longValue());
    }
    throw ApiException.invalid("seconds", "seconds must be a string: one of '" + String.join("', '", SECONDS) + "'");
  }

  /**
   * The image an input_reference of a JSON create names: {"image_url": …} or a bare URL string.
   * A {"file_id": …} is refused: this server keeps no uploaded files to name.
   */
  static @Nullable String imageUrl(@Nullable JsonNode reference) {
    if (reference == null || reference.isNull()) {
      return null;
    }
    if (reference.isString()) {
      return reference.getStringValue();
    }
    if (reference.isObject()) {
      JsonNode url = reference.get("image_url");
      JsonNode fileId = reference.get("file_id");
      if (fileId != null && !fileId.isNull()) {
        throw ApiException.invalid(
            "input_reference",
            "input_reference.file_id is not supported here (there is no Files API): give input_reference.image_url"
                + " (an http(s) URL or a data: URI) or upload the image as the multipart file input_reference");
      }
      if (url != null && url.isString()) {
        for (var field : reference.entries()) {
          if (!field.getKey().equals("image_url") && !field.getKey().equals("file_id")) {
            throw ApiException.invalid("input_reference", "unknown field 'input_reference." + field.getKey() + "'");
          }
        }
        return url.getStringValue();
      }
    }
    throw ApiException.invalid(
        "input_reference", "input_reference must be an object with image_url (an http(s) URL or a data: URI)");
  }

  /** Characters are a Videos API feature Reelay has no counterpart for: refused unless none. */
  static void checkCharacters(@Nullable List<String> characterIds) {
    if (characterIds != null && !characterIds.isEmpty()) {
      throw ApiException.invalid("character_ids", "character_ids are not supported by this server");
    }
  }
}
