package io.reelay.activities.providers.videogenapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** VideoGenAPI's wire format as its client sends and reads it (snake_case; nulls left out). */
final class VideoGenApiWire {

  private VideoGenApiWire() {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GenerateRequest(
      String model,
      String prompt,
      int duration,
      String resolution,
      String imageUrl,
      String aspectRatio,
      List<String> referenceImageUrls,
      Long seed,
      Boolean cameraFixed,
      boolean addAudio,
      String audioPrompt) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record Accepted(String generationId) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record Status(String status, Double progress, String error, String message, String videoUrl) {}
}
