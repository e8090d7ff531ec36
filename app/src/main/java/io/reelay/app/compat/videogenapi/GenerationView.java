package io.reelay.app.compat.videogenapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A generation as VideoGenAPI shows it: the answer of generate (200), of status, and an item of
 * the generations list.
 *
 * @param generationId {@code gen_...}, made from the Reelay id (see {@link VideoGenApiIds})
 * @param requestId the Reelay generation id: GET /v1/generations/{request_id} shows it natively
 * @param status pending, in_queue, in_progress, completed or failed
 * @param type text-to-video or image-to-video; null for a generation another API created
 * @param videoUrl a signed, expiring link to the stored MP4 once completed
 * @param style Reelay has no styles: always null
 * @param fps not known to Reelay: always null
 * @param seed the seed asked for; null when random
 * @param processingTime seconds from create to the end, once ended
 * @param completedAt {@code yyyy-MM-dd HH:mm:ss} (UTC), once ended
 * @param statusUrl where to poll, relative to the server
 * @param estimatedCostUsd what the create held
 * @param costUsd what was charged, once completed
 * @param error why it failed (a failed generation only)
 * @param message what happened: on create and on failure
 * @param usage the account's generations (create only)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record GenerationView(
    boolean success,
    String generationId,
    UUID requestId,
    String status,
    @Nullable String type,
    ModelInfo model,
    @Nullable String videoUrl,
    String prompt,
    int duration,
    String resolution,
    @Nullable String style,
    @Nullable Integer fps,
    String aspectRatio,
    @Nullable Long seed,
    @Nullable Long processingTime,
    @Nullable String completedAt,
    String statusUrl,
    BigDecimal estimatedCostUsd,
    @Nullable BigDecimal costUsd,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String error,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String message,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Usage usage) {

  /** The same generation with the create's message and usage. */
  GenerationView created(String createMessage, Usage createUsage) {
    return new GenerationView(
        success, generationId, requestId, status, type, model, videoUrl, prompt, duration, resolution, style, fps,
        aspectRatio, seed, processingTime, completedAt, statusUrl, estimatedCostUsd, costUsd, error,
        error == null ? createMessage : message, createUsage);
  }
}
