package io.reelay.app.compat.vibegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.UUID;

/**
 * The body POSTed to a task's callback_url when it ends: task.completed carries video_url and
 * completed_at, task.failed the reason (as error_message, and as error like the task bodies) and
 * failed_at. Fields that do not belong to the event are left out.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskCallback(
    String event,
    UUID taskId,
    String status,
    @Nullable String videoUrl,
    @Nullable String errorMessage,
    @Nullable String error,
    Instant createdAt,
    @Nullable Instant completedAt,
    @Nullable Instant failedAt) {}
