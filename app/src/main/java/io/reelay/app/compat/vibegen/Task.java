package io.reelay.app.compat.vibegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.UUID;

/**
 * A task as GET /api/v1/tasks/{task_id} and the task list show it. The failure reason is in both
 * {@code error} (the document's task bodies) and {@code error_message} (what its SDK examples read).
 *
 * @param videoUrl a signed, expiring link to the stored video; null until completed
 * @param completedAt when the video was ready; null unless completed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Task(
    UUID id,
    String status,
    String model,
    String taskType,
    String prompt,
    @Nullable String videoUrl,
    Instant createdAt,
    @Nullable Instant completedAt,
    @Nullable String error,
    @Nullable String errorMessage) {}
