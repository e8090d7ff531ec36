package io.reelay.activities.providers.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** The simulator's wire format as its client sends and reads it (snake_case; nulls left out). */
final class SimWire {

  private SimWire() {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JobRequest(
      String model,
      String prompt,
      String negativePrompt,
      int durationSeconds,
      String aspectRatio,
      String resolution,
      Long seed,
      String clientReference,
      String callbackUrl,
      List<String> imageUrls,
      Boolean cameraFixed) {}

  @Serdeable
  record Error(String code, String message) {}

  @Serdeable
  record Job(String id, String status, Integer progress, Error error) {}
}
