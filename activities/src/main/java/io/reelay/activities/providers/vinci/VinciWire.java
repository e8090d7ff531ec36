package io.reelay.activities.providers.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** Vinci's wire format as its client sends and reads it (snake_case; nulls left out). */
final class VinciWire {

  private VinciWire() {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TextToVideo(String prompt, int durationSeconds, String aspectRatio, Long seed) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record Accepted(String requestId) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record Status(String status, Double progress, String error, String videoUrl) {}
}
