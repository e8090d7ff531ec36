package io.reelay.app.compat.vibegen;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;
import java.util.List;

/**
 * The body of POST /api/v1/generations. Checked by {@link TaskRequests#toCore}: VibeGen names
 * every missing required parameter in one message, which field annotations cannot.
 *
 * @param imageUrls the images of an image-to-video task: the first is the frame to animate, any
 *     further ones guide style and subject
 * @param duration seconds, 5 or 10 (a JSON number; 5.0 is 5)
 * @param callbackUrl where task.completed / task.failed is POSTed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CreateTaskRequest(
    @Nullable String model,
    @Nullable String prompt,
    @Nullable List<String> imageUrls,
    @Nullable BigDecimal duration,
    @Nullable String aspectRatio,
    @Nullable String resolution,
    @Nullable Boolean generateAudio,
    @Nullable String callbackUrl) {}
