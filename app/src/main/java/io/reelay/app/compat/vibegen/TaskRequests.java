package io.reelay.app.compat.vibegen;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGenerationRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** VibeGen's create parameters, checked and turned into the core's create. */
final class TaskRequests {

  static final int DEFAULT_DURATION = 5;
  static final List<Integer> DURATIONS = List.of(5, 10);
  static final String DEFAULT_ASPECT_RATIO = "16:9";
  static final List<String> ASPECT_RATIOS =
      List.of("16:9", "9:16", "1:1", "21:9", "4:3", "3:4", "9:21", "adaptive", "keep_ratio");
  // follow the input image's shape: the core renders a fixed ratio, so these take the default
  static final List<String> IMAGE_SHAPED_RATIOS = List.of("adaptive", "keep_ratio");
  static final String DEFAULT_RESOLUTION = "480p";
  static final List<String> RESOLUTIONS = List.of("480p", "720p", "1080p");

  /** The metadata key under which a task keeps its model name and task type. */
  static final String METADATA_KEY = "vibegen";

  private TaskRequests() {}

  /** 400 INVALID_PARAMETER naming every missing required parameter at once. */
  static void requireModelAndPrompt(CreateTaskRequest body) {
    List<String> missing = new ArrayList<>();
    if (body.model() == null || body.model().isBlank()) {
      missing.add("model");
    }
    if (body.prompt() == null || body.prompt().isBlank()) {
      missing.add("prompt");
    }
    if (!missing.isEmpty()) {
      throw ApiException.invalid(missing.get(0), "Missing required parameters: " + String.join(", ", missing));
    }
  }

  static TaskType taskType(CreateTaskRequest body) {
    return TaskType.of(body.imageUrls() != null && !body.imageUrls().isEmpty());
  }

  /**
   * The core's create for a checked body: VibeGen's defaults (5 s, 16:9, 480p, no audio), its
   * allowed values, the first image as the frame to animate and the rest as references, and the
   * model name and task type kept in the metadata so reads can answer them.
   *
   * @param reelayModel the Reelay model the door's model name maps to
   */
  static CreateGenerationRequest toCore(CreateTaskRequest body, String reelayModel) {
    requireModelAndPrompt(body);
    int duration = duration(body.duration());
    String aspectRatio = oneOf("aspect_ratio", body.aspectRatio(), DEFAULT_ASPECT_RATIO, ASPECT_RATIOS);
    if (IMAGE_SHAPED_RATIOS.contains(aspectRatio)) {
      aspectRatio = DEFAULT_ASPECT_RATIO;
    }
    String resolution = oneOf("resolution", body.resolution(), DEFAULT_RESOLUTION, RESOLUTIONS);
    List<String> images = body.imageUrls() == null ? List.of() : body.imageUrls();
    if (images.stream().anyMatch(url -> url == null || url.isBlank())) {
      throw ApiException.invalid("image_urls", "image_urls must hold image URLs, none empty");
    }
    JsonNode metadata =
        JsonNode.createObjectNode(
            Map.of(
                METADATA_KEY,
                JsonNode.createObjectNode(
                    Map.of(
                        "model", JsonNode.createStringNode(body.model()),
                        "task_type", JsonNode.createStringNode(taskType(body).word())))));
    return new CreateGenerationRequest(
        reelayModel,
        body.prompt(),
        null,
        duration,
        aspectRatio,
        resolution,
        null,
        Boolean.TRUE.equals(body.generateAudio()),
        null,
        null,
        body.callbackUrl(),
        metadata,
        images.isEmpty() ? null : images.get(0),
        images.size() > 1 ? List.copyOf(images.subList(1, images.size())) : null);
  }

  private static int duration(@Nullable BigDecimal duration) {
    if (duration == null) {
      return DEFAULT_DURATION;
    }
    for (int allowed : DURATIONS) {
      if (duration.compareTo(BigDecimal.valueOf(allowed)) == 0) {
        return allowed;
      }
    }
    throw ApiException.invalid("duration", "duration must be 5 or 10 (seconds)");
  }

  private static String oneOf(String param, @Nullable String value, String fallback, List<String> allowed) {
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw ApiException.invalid(param, param + " must be one of " + String.join(", ", allowed));
    }
    return value;
  }
}
