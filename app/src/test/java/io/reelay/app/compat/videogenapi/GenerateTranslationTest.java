package io.reelay.app.compat.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.app.api.ApiException;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGenerationRequest;
import io.reelay.app.models.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GenerateTranslationTest {

  private static final List<String> THREE = List.of("https://a.example/1.png", "https://a.example/2.png", "https://a.example/3.png");
  private static final List<String> TWO = THREE.subList(0, 2);

  /** The names the models were resolved from, normalised, in order; null for the default. */
  private final List<String> resolved = new ArrayList<>();

  private final Function<String, ModelSpec> models =
      name -> {
        resolved.add(name == null ? null : DoorModels.normalise(name));
        if (name != null && DoorModels.normalise(name).equals("unknown")) {
          throw ApiException.invalid("model", "unknown model '" + name + "'");
        }
        return model("studio", List.of("480p", "720p", "1080p"));
      };

  private static ModelSpec model(String id, List<String> resolutions) {
    return new ModelSpec(
        id, List.of("sim"), "", true, 1, 20, List.of(), List.of("16:9", "9:16", "1:1", "4:3", "9:21"), resolutions,
        Map.of(), 10_000L, 2, 600, true, 5, true);
  }

  private static GenerateRequest request(
      String model, String imageUrl, List<String> references, String resolution, String aspectRatio, String veoModel) {
    return new GenerateRequest(model, "a prompt", imageUrl, references, null, resolution, aspectRatio, null, null, null, null, veoModel);
  }

  @Test
  void veo31WithThreeOrMoreReferenceImagesForcesVeo3FastAndSixteenByNine() {
    for (String veo31 : List.of("veo-31", "Veo 3.1 Fast", "veo3_fast")) {
      resolved.clear();
      GenerateTranslation.Translation t =
          GenerateTranslation.translate(request(veo31, null, THREE, null, "9:21", "veo2"), models);
      assertEquals(List.of("veo3fast"), resolved, veo31);
      assertEquals("veo3_fast", t.note().model());
      assertEquals("16:9", t.request().aspectRatio());
      assertEquals(GenerationType.IMAGE_TO_VIDEO, t.note().type());
      assertEquals(THREE, t.request().referenceImageUrls());
    }
  }

  @Test
  void belowThreeImagesVeoModelAndAspectRatioStand() {
    GenerateTranslation.Translation t =
        GenerateTranslation.translate(request("veo-31", null, TWO, null, "4:3", "veo3_fast"), models);
    assertEquals(List.of("veo3fast"), resolved);
    assertEquals("veo3_fast", t.note().model());
    assertEquals("4:3", t.request().aspectRatio());
    // other models keep their aspect ratio with any number of images, and ignore veo_model
    resolved.clear();
    GenerateTranslation.Translation kling =
        GenerateTranslation.translate(request("kling_25", null, THREE, null, "9:21", "veo3_fast"), models);
    assertEquals(List.of("kling25"), resolved);
    assertEquals("kling_25", kling.note().model());
    assertEquals("9:21", kling.request().aspectRatio());
  }

  @Test
  void anUnknownVeoModelIsAnInvalidVeoModel() {
    ApiException refused =
        assertThrows(ApiException.class, () -> GenerateTranslation.translate(request("veo_3", null, null, null, null, "unknown"), models));
    assertEquals("veo_model", refused.param());
    assertEquals(400, refused.status().getCode());
  }

  @Test
  void fourKIsMadeAtTheModelsHighestResolutionAndSaysSo() {
    GenerateTranslation.Translation t = GenerateTranslation.translate(request("veo_3", "https://a.example/dog.jpg", null, "4K", null, null), models);
    assertEquals("1080p", t.request().resolution());
    assertTrue(t.remark().contains("4K") && t.remark().contains("1080p"), t.remark());
    assertEquals(GenerationType.IMAGE_TO_VIDEO, t.note().type());
    // a model that offers 4K gets it
    GenerateTranslation.Translation offered =
        GenerateTranslation.translate(request("veo_3", null, null, "4K", null, null), name -> model("uhd", List.of("1080p", "4K")));
    assertEquals("4K", offered.request().resolution());
    assertNull(offered.remark());
    // any other value goes to the core as it is, which refuses what the model lacks
    assertEquals("8K", GenerateTranslation.translate(request(null, null, null, "8K", null, null), models).request().resolution());
  }

  @Test
  void theDocumentsDefaultsFillWhatIsAbsent() {
    GenerateTranslation.Translation t = GenerateTranslation.translate(request(null, null, null, null, null, null), models);
    CreateGenerationRequest create = t.request();
    assertEquals(java.util.Collections.singletonList(null), resolved);
    assertEquals("studio", create.model());
    assertEquals("720p", create.resolution());
    assertNull(create.durationSeconds(), "the core's default is the document's 5 s");
    assertNull(create.aspectRatio(), "the core's default is the document's 16:9");
    assertFalse(create.audio());
    assertNull(t.note().model());
    assertEquals(GenerationType.TEXT_TO_VIDEO, t.note().type());
    assertEquals("text-to-video", create.metadata().get("videogenapi").get("type").getStringValue());
    // a model without 720p falls back to its own default
    assertNull(GenerateTranslation.translate(request(null, null, null, null, null, null), name -> model("low", List.of("480p"))).request().resolution());
  }

  @Test
  void seedMinusOneIsRandomAndTheAudioPromptNeedsAddAudio() {
    GenerateRequest random = new GenerateRequest("sora-2", "p", null, null, 10, "1080p", "16:9", -1L, true, false, "birds", null);
    CreateGenerationRequest create = GenerateTranslation.translate(random, models).request();
    assertNull(create.seed());
    assertFalse(create.audio());
    assertNull(create.audioPrompt());
    assertEquals(10, create.durationSeconds());
    assertEquals(Boolean.TRUE, create.cameraFixed());
    GenerateRequest withAudio = new GenerateRequest("sora-2", "p", null, null, null, null, null, 42L, null, true, "birds", null);
    CreateGenerationRequest audio = GenerateTranslation.translate(withAudio, models).request();
    assertEquals(42L, audio.seed());
    // camera_fixed false is the default (a moving camera), asked of no model
    assertNull(audio.cameraFixed());
    GenerateRequest moving = new GenerateRequest("kling_2_1", "p", "https://a.example/1.png", null, null, null, null, null, false, null, null, null);
    assertNull(GenerateTranslation.translate(moving, models).request().cameraFixed());
    assertTrue(audio.audio());
    assertEquals("birds", audio.audioPrompt());
  }

  @Test
  void highestComparesTheLinesOfAResolution() {
    assertEquals("1080p", GenerateTranslation.highest(List.of("720p", "1080p", "480p")));
    assertEquals("720p", GenerateTranslation.highest(List.of("720p")));
  }
}
