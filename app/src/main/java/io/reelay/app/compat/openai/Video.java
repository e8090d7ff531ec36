package io.reelay.app.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The Videos API's video object: one generation as that API shows it. Absent values are written
 * as null, as that API does.
 *
 * @param id {@code video_} + the generation's UUID as hex ({@link VideoIds})
 * @param object always {@code video}
 * @param createdAt unix seconds
 * @param completedAt unix seconds, once it has finished (completed or failed)
 * @param expiresAt unix seconds: when the stored video is (or was) deleted
 * @param status queued, in_progress, completed or failed
 * @param progress 0 to 100
 * @param model the Reelay model that made it
 * @param seconds the duration, a string ("4")
 * @param size width x height ("720x1280")
 * @param error why it failed; null unless failed
 * @param remixedFromVideoId always null: there are no remixes here
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Video(
    String id,
    String object,
    long createdAt,
    @Nullable Long completedAt,
    @Nullable Long expiresAt,
    String status,
    int progress,
    String model,
    String prompt,
    String seconds,
    String size,
    @Nullable VideoError error,
    @Nullable String remixedFromVideoId) {

  static final String OBJECT = "video";

  /** Why a video failed. */
  @Serdeable
  public record VideoError(String code, String message) {}
}
