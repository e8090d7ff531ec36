package io.reelay.app.generations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A generation as the API shows it (GET /v1/generations/{id}, and the data of its webhook).
 *
 * @param progress 0 to 100
 * @param provider the provider serving it now
 * @param metadata the client's own, returned as given
 * @param estimatedCostUsd what was reserved when it was admitted
 * @param costUsd what was captured: set once it completed
 * @param videoUrl where to download the video, while it is stored (completed, not yet expired)
 * @param video what the stored MP4 holds, once completed (kept after it expired); absent before
 * @param error why it failed or was canceled
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Generation", requiredProperties = "error")
public record GenerationResponse(
    UUID id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "generation") String object,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"pending", "processing", "completed", "failed", "canceled", "expired"},
            description = "A create refused for lack of credits (402) shows as failed. A completed generation becomes expired once its video was deleted (retention).")
        String status,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", maximum = "100") int progress,
    String model,
    String provider,
    String prompt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String negativePrompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long seed,
    boolean audio,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String webhookUrl,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED, additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
        Map<String, Object> metadata,
    BigDecimal estimatedCostUsd,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) BigDecimal costUsd,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri") String videoUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Video video,
    @Nullable Failure error,
    Instant createdAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant completedAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When the stored video will be deleted (completed generations).")
        Instant expiresAt,
    @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When the video was deleted (expired generations).")
        Instant expiredAt,
    @Schema(description = "The API the generation was created through: native (this API) or a front door's name (docs/doors).", example = "native")
        String door) {

  /**
   * The stored video, as measured from the MP4.
   *
   * @param sha256 hex
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "GenerationVideo")
  public record Video(
      double durationSeconds,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer width,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer height,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long sizeBytes,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String sha256) {}

  /**
   * Why a generation failed or was canceled.
   *
   * @param code e.g. INSUFFICIENT_CREDITS, CANCELED, or the provider's failure
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "GenerationError")
  public record Failure(String code, String message) {}
}
