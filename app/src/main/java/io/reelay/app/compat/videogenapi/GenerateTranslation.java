package io.reelay.app.compat.videogenapi;

import io.micronaut.core.annotation.Nullable;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGenerationRequest;
import io.reelay.app.models.ModelSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns VideoGenAPI's generate body into the core's create: the document's names, defaults and
 * rules (Veo 3.1's reference mode, 4K, seed -1, audio_prompt only with add_audio, camera_fixed
 * false as the default it is) onto the native fields. Pure: the model names are resolved by the
 * function it is given.
 */
final class GenerateTranslation {

  /** Veo 3.1's names (normalised): with 3 or more reference images they switch to reference mode. */
  static final Set<String> VEO_31 = Set.of("veo31", "veo31fast", "veo3fast");
  /** The model and aspect ratio Veo 3.1's reference mode forces. */
  static final String REFERENCE_MODE_MODEL = "veo3_fast";
  static final String REFERENCE_MODE_ASPECT_RATIO = "16:9";
  static final int REFERENCE_MODE_IMAGES = 3;
  static final String DEFAULT_RESOLUTION = "720p";
  static final String FOUR_K = "4K";

  /**
   * @param request the core's create body
   * @param model the Reelay model it names
   * @param note what the door shows later about it
   * @param remark a change the document does not describe that the client should know about
   *     (4K made at a lower resolution), or null
   */
  record Translation(CreateGenerationRequest request, ModelSpec model, DoorNote note, @Nullable String remark) {}

  private GenerateTranslation() {}

  /** @param models a door model name (null: the default) to its Reelay model; throws the 400 */
  static Translation translate(GenerateRequest body, Function<String, ModelSpec> models) {
    String modelName = blankToNull(body.model());
    String aspectRatio = body.aspectRatio();
    int references = body.referenceImageUrls() == null ? 0 : body.referenceImageUrls().size();
    String asked = modelName == null ? "" : DoorModels.normalise(modelName);
    ModelSpec model;
    if (VEO_31.contains(asked) && references >= REFERENCE_MODE_IMAGES) {
      // reference mode: veo_model and aspect_ratio are ignored, as documented
      modelName = REFERENCE_MODE_MODEL;
      aspectRatio = REFERENCE_MODE_ASPECT_RATIO;
      model = models.apply(modelName);
    } else if (asked.startsWith("veo") && blankToNull(body.veoModel()) != null) {
      modelName = body.veoModel();
      model = renamed(() -> models.apply(body.veoModel()));
    } else {
      model = models.apply(modelName);
    }

    String remark = null;
    String resolution = body.resolution();
    if (resolution == null) {
      resolution = model.resolutions().contains(DEFAULT_RESOLUTION) ? DEFAULT_RESOLUTION : null;
    } else if (resolution.equalsIgnoreCase(FOUR_K) && !model.resolutions().contains(resolution)) {
      // the document offers 4K "by model"; a model without it makes its highest instead, and the
      // answer's resolution says which
      resolution = highest(model.resolutions());
      remark = "4K is not offered by " + model.id() + "; the video is made at " + resolution;
    }

    boolean audio = Boolean.TRUE.equals(body.addAudio());
    Long seed = body.seed() != null && body.seed() == -1 ? null : body.seed();
    DoorNote note = new DoorNote(modelName, GenerationType.of(body));
    CreateGenerationRequest request =
        new CreateGenerationRequest(
            model.id(),
            body.prompt(),
            null,
            body.duration(),
            aspectRatio,
            resolution,
            seed,
            audio,
            // audio_prompt only guides add_audio; without it, it has nothing to guide
            audio ? body.audioPrompt() : null,
            // false is the document's default, a moving camera: every model makes that, also
            // one that takes no camera_fixed (the JavaScript and PHP clients always send false)
            Boolean.TRUE.equals(body.cameraFixed()) ? Boolean.TRUE : null,
            null,
            note.metadata(),
            body.imageUrl(),
            body.referenceImageUrls());
    return new Translation(request, model, note, remark);
  }

  /** The highest of resolutions such as 480p, 720p, 1080p. */
  static String highest(List<String> resolutions) {
    return resolutions.stream().max(Comparator.comparingInt(GenerateTranslation::lines)).orElseThrow();
  }

  private static int lines(String resolution) {
    String digits = resolution.toLowerCase(Locale.ROOT).replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

  /** veo_model's errors name veo_model, not model. */
  private static ModelSpec renamed(Supplier<ModelSpec> resolve) {
    try {
      return resolve.get();
    } catch (ApiException e) {
      if ("model".equals(e.param())) {
        throw ApiException.invalid("veo_model", "veo_model: " + e.getMessage());
      }
      throw e;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
