package io.reelay.app.generations;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.app.api.Usd;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A timeline event as the API shows it: {"id": seq, "type", "at", ...the type's fields}. */
@Singleton
public class GenerationEventJson {

  private static final Argument<Map<String, Object>> FIELDS = Argument.mapOf(String.class, Object.class);
  private static final String MICROS = "_micros";

  private final JsonMapper json;

  public GenerationEventJson(JsonMapper json) {
    this.json = json;
  }

  public TimelineEvent view(GenerationEvents.Event event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    // the database keeps micro-USD, the API shows USD: amount_micros becomes amount_usd
    fields(event).forEach(
        (name, value) -> {
          if (name.endsWith(MICROS) && value instanceof Number micros) {
            fields.put(name.substring(0, name.length() - MICROS.length()) + "_usd", Usd.of(micros.longValue()));
          } else {
            fields.put(name, value);
          }
        });
    return new TimelineEvent(event.seq(), event.type(), event.at(), fields);
  }

  /** The view as one line of JSON, the data of a server-sent event. */
  public String text(GenerationEvents.Event event) {
    try {
      return new String(json.writeValueAsBytes(view(event)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> fields(GenerationEvents.Event event) {
    try {
      return json.readValue(event.dataJson().getBytes(StandardCharsets.UTF_8), FIELDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
