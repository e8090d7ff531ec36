package io.reelay.app.generations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * A generation's timeline (GET /v1/generations/{id}/events as JSON).
 *
 * @param status as the generation object shows it
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Timeline")
public record GenerationTimeline(UUID generationId, String status, List<TimelineEvent> events) {}
