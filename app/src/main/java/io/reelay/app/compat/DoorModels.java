package io.reelay.app.compat;

import io.micronaut.core.annotation.Nullable;
import io.reelay.app.api.ApiException;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps the model names a door's clients send to Reelay's models, by configuration. Names are
 * compared normalised, since the documents spell one model several ways ("Kling 2.5", "kling_25",
 * "kling-2.5").
 */
@Singleton
public class DoorModels {

  private final ModelCatalog catalog;
  private final Map<Door, DoorConfiguration> doors = new EnumMap<>(Door.class);

  public DoorModels(ModelCatalog catalog, List<DoorConfiguration> configured) {
    this.catalog = catalog;
    for (DoorConfiguration door : configured) {
      Door known =
          java.util.Arrays.stream(Door.values())
              .filter(d -> d.word().equals(door.getWord()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("reelay.doors." + door.getWord() + ": there is no such door"));
      for (String name : door.getModels().keySet()) {
        if (!name.equals(normalise(name))) {
          throw new IllegalStateException(
              "reelay.doors." + door.getWord() + ".models." + name + ": write the name normalised, as " + normalise(name));
        }
      }
      doors.put(known, door);
    }
  }

  /** Lower case with only a-z and 0-9 kept. */
  public static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /**
   * The Reelay model for {@code name} at {@code door}: the door's default when the name is absent
   * or blank; 400 INVALID_PARAMETER (param model) for a name the door does not map, or one mapped
   * to a model that is not enabled here.
   */
  public ModelSpec resolve(Door door, @Nullable String name) {
    DoorConfiguration settings = doors.get(door);
    String id;
    if (name == null || name.isBlank()) {
      id = settings == null ? null : settings.getDefaultModel();
      if (id == null || id.isBlank()) {
        throw ApiException.invalid("model", "model is required");
      }
    } else {
      id = settings == null ? null : settings.getModels().get(normalise(name));
      if (id == null) {
        throw ApiException.invalid(
            "model", "unknown model '" + name + "'; this API knows " + String.join(", ", names(door)));
      }
    }
    String modelId = id;
    Optional<ModelSpec> model = catalog.find(modelId);
    return model.orElseThrow(
        () -> ApiException.invalid("model", "model '" + (name == null ? modelId : name) + "' is not available on this server"));
  }

  /** The names the door maps (normalised), sorted. */
  public List<String> names(Door door) {
    DoorConfiguration settings = doors.get(door);
    return settings == null ? List.of() : List.copyOf(new TreeMap<>(settings.getModels()).keySet());
  }
}
