package io.reelay.app.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.app.api.ApiException;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelConfiguration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoorModelsTest {

  private static ModelConfiguration model(String id) {
    ModelConfiguration model = new ModelConfiguration(id);
    model.setProvider("sim");
    model.setPricePerSecondUsd(Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.05"), "1080p", new BigDecimal("0.05")));
    return model;
  }

  private static DoorModels doors() {
    DoorConfiguration videogenapi = new DoorConfiguration("videogenapi");
    videogenapi.setDefaultModel("studio");
    videogenapi.setModels(Map.of("kling25", "fast", "sora2", "studio", "missing", "not-enabled"));
    DoorConfiguration venice = new DoorConfiguration("venice");
    return new DoorModels(new ModelCatalog(List.of(model("fast"), model("studio"))), List.of(videogenapi, venice));
  }

  @Test
  void everySpellingOfANameFindsItsModel() {
    DoorModels doors = doors();
    for (String name : List.of("Kling 2.5", "kling_25", "kling-2.5", "KLING25")) {
      assertEquals("fast", doors.resolve(Door.VIDEOGENAPI, name).id(), name);
    }
    assertEquals("studio", doors.resolve(Door.VIDEOGENAPI, "Sora 2").id());
    assertEquals(List.of("kling25", "missing", "sora2"), doors.names(Door.VIDEOGENAPI));
  }

  @Test
  void noNameIsTheDefaultAndAnUnknownOneIsAnInvalidModel() {
    DoorModels doors = doors();
    assertEquals("studio", doors.resolve(Door.VIDEOGENAPI, null).id());
    assertEquals("studio", doors.resolve(Door.VIDEOGENAPI, "  ").id());
    ApiException unknown = assertThrows(ApiException.class, () -> doors.resolve(Door.VIDEOGENAPI, "veo 9"));
    assertEquals("model", unknown.param());
    assertEquals(400, unknown.status().getCode());
    assertTrue(unknown.getMessage().contains("kling25"), unknown.getMessage());
    ApiException disabled = assertThrows(ApiException.class, () -> doors.resolve(Door.VIDEOGENAPI, "missing"));
    assertTrue(disabled.getMessage().contains("not available"), disabled.getMessage());
    // a door without a default model needs the field
    assertEquals("model", assertThrows(ApiException.class, () -> doors.resolve(Door.VENICE, null)).param());
  }

  @Test
  void aNameWrittenUnnormalisedInTheSettingsIsRefusedAtStartup() {
    DoorConfiguration door = new DoorConfiguration("vinci");
    door.setModels(Map.of("Kling 2.5", "fast"));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> new DoorModels(new ModelCatalog(List.of(model("fast"))), List.of(door)));
    assertTrue(refused.getMessage().contains("kling25"), refused.getMessage());
  }

  @Test
  void aPathBelongsToTheDoorWhoseBasePathItIsUnder() {
    assertEquals(Optional.of(Door.VINCI), Door.ofPath("/compat/vinci/api/v1/status/x"));
    assertEquals(Optional.of(Door.OPENAI), Door.ofPath("/compat/openai"));
    assertEquals(Optional.empty(), Door.ofPath("/compat/vincix/api"));
    assertEquals(Optional.empty(), Door.ofPath("/v1/generations"));
  }
}
