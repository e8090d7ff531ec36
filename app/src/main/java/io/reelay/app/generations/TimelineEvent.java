package io.reelay.app.generations;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * One step of a generation; each type adds its own fields (amounts in USD as *_usd), written
 * beside id, type and at.
 *
 * @param id its place in the timeline: 1, 2, ...; the id of its server-sent event
 * @param type e.g. created, admitted, submitted, progress, callback_received, completed, failed
 * @param fields the type's own fields: open by design, each event type has its own
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "TimelineEvent", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
public record TimelineEvent(int id, String type, Instant at, @JsonAnyGetter @Hidden Map<String, Object> fields) {}
