package io.reelay.app.compat.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.app.compat.DoorModels;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The shipped configuration maps every model name the VideoGenAPI document uses, however spelt. */
class VideoGenApiModelNamesTest {

  private static final List<String> DOCUMENT_NAMES =
      List.of(
          "kling_25", "Kling 2.5", "kling_2_1", "Kling 3", "kling-3", "higgsfield", "higgsfield_v1", "veo_3", "veo3",
          "veo-31", "Veo 3.1 Fast", "veo3_fast", "veo2", "Sora 2", "sora-2", "Sora-2", "seedance-2", "nanobanana-video",
          "ltxv-2", "ltxv-13b", "wan-25");

  @Test
  @SuppressWarnings("unchecked")
  void everyDocumentedNameMapsToASimulatedModel() throws Exception {
    Map<String, Object> root;
    try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
      root = new Yaml().load(in);
    }
    Map<String, Object> door =
        (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) root.get("reelay")).get("doors")).get("videogenapi");
    Map<String, String> models = (Map<String, String>) door.get("models");
    for (String name : DOCUMENT_NAMES) {
      String model = models.get(DoorModels.normalise(name));
      assertEquals("sim-studio", model, name);
    }
    assertTrue(door.get("default-model").toString().contains("sim-studio"));
  }
}
