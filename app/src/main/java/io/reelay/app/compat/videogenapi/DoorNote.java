package io.reelay.app.compat.videogenapi;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * What a VideoGenAPI answer shows that the generation's row does not keep: the model name the
 * client used and the generation's type. The door writes it into the generation's metadata under
 * {@code "videogenapi"} (its clients have no metadata field of their own), so it needs no table;
 * the native API shows it as that metadata.
 *
 * @param model the model name as the client sent it (after the Veo 3.1 rules), or null for the default
 */
record DoorNote(@Nullable String model, GenerationType type) {

  static final String KEY = "videogenapi";

  JsonNode metadata() {
    return JsonNode.createObjectNode(
        Map.of(
            KEY,
            JsonNode.createObjectNode(
                model == null
                    ? Map.of("type", JsonNode.createStringNode(type.word()))
                    : Map.of("model", JsonNode.createStringNode(model), "type", JsonNode.createStringNode(type.word())))));
  }

  /** The note in a generation's metadata; empty for a generation another API created. */
  static Optional<DoorNote> read(@Nullable String metadataJson, JsonMapper json) {
    if (metadataJson == null) {
      return Optional.empty();
    }
    try {
      JsonNode note = json.readValue(metadataJson, JsonNode.class).get(KEY);
      if (note == null || !note.isObject() || note.get("type") == null) {
        return Optional.empty();
      }
      JsonNode model = note.get("model");
      return GenerationType.ofWord(note.get("type").coerceStringValue())
          .map(type -> new DoorNote(model != null && model.isString() ? model.getStringValue() : null, type));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
