package io.reelay.activities.providers.venice;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;

/** Venice's video wire format as its client sends and reads it (nulls left out). */
final class VeniceWire {

  private VeniceWire() {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record QueueRequest(
      String model,
      String prompt,
      String negativePrompt,
      String duration,
      String resolution,
      String aspectRatio,
      boolean audio,
      Long seed,
      String imageUrl) {}

  @Serdeable
  record Queued(String queueid) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record RetrieveRequest(String model, String queueid, boolean deleteMediaOnCompletion) {}

  @Serdeable
  record CompleteRequest(String model, String queueid) {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record QuoteRequest(String model, String duration, String resolution, String aspectRatio, boolean audio) {}

  @Serdeable
  record QuoteAnswer(BigDecimal quote, String currency) {}

  /** A retrieve answered in JSON: the job is not done (its error is read as a tree: string or object). */
  @Serdeable
  record RetrieveStatus(String status, Double executionDuration, Double estimatedDuration) {}
}
