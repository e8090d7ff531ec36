package io.reelay.activities.providers.vibegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** VibeGen's wire format as its client sends and reads it (snake_case; nulls left out). */
final class VibeGenWire {

  private VibeGenWire() {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GenerationRequest(
      String model,
      String prompt,
      int duration,
      String aspectRatio,
      String resolution,
      boolean generateAudio,
      List<String> imageUrls,
      String callbackUrl) {}

  /** Every answer comes as {"success", "data"}. */
  @Serdeable
  record Envelope(Task data) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record Task(String id, String status, String error, String errorMessage, String videoUrl) {}
}
