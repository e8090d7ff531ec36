package io.reelay.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One generation's way from its provider's callback to {@code completed}, on one clock (the box's:
 * PostgreSQL's {@code now()} stamps the timeline, the harness reads {@link Instant#now()}).
 *
 * @param toVisible  from the callback's arrival (its {@code callback_received} event, written by
 *                   the callback endpoint before it signals the workflow) to the answer of the first
 *                   {@code GET /v1/generations/{id}} that showed {@code completed}
 * @param toRecorded from the same arrival to the {@code completed} event (written in the
 *                   transaction that set the status)
 */
public record CallbackSample(Duration toVisible, Duration toRecorded) {

  /**
   * From the generation's timeline ({@code GET /v1/generations/{id}/events}) and the moment the
   * poll saw {@code completed}; empty when the timeline has no callback (the generation finished
   * through the fallback poll) or did not complete.
   */
  static Optional<CallbackSample> of(JsonNode timeline, Instant seenCompleted) {
    Instant callback = null;
    Instant completed = null;
    for (JsonNode event : timeline.path("events")) {
      String type = event.path("type").asText();
      if (type.equals("callback_received") && callback == null) {
        callback = Instant.parse(event.path("at").asText());
      } else if (type.equals("completed")) {
        completed = Instant.parse(event.path("at").asText());
      }
    }
    if (callback == null || completed == null) {
      return Optional.empty();
    }
    return Optional.of(new CallbackSample(Duration.between(callback, seenCompleted), Duration.between(callback, completed)));
  }
}
