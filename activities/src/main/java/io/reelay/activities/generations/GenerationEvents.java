package io.reelay.activities.generations;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The timeline of each generation (table generation_events), which API clients read and stream.
 * Writers append inside the transaction of the state change an event describes; where there is
 * none, {@link #record} uses a transaction of its own.
 *
 * <p>Kept here for every writer: an event is stored once per dedupe key (activities are retried,
 * providers repeat callbacks), seq grows in commit order within a generation, and nothing
 * follows a terminal event (a late callback or a replayed write cannot reopen a timeline).
 */
@Singleton
public class GenerationEvents {

  /** One stored event; {@code dataJson} is a JSON object of the type's own fields. */
  // Keyed by (generation_id, seq); only this class's native queries read and write the table, so
  // the mapping names the generation as its id.
  @MappedEntity("generation_events")
  public record Event(
      @Id UUID generationId,
      int seq,
      String type,
      Instant at,
      @MappedProperty(value = "data", definition = "jsonb") String dataJson) {
    public boolean terminal() {
      return GenerationStatus.isTerminal(type);
    }
  }

  private final GenerationEventRepository repository;
  private final JsonMapper json;

  public GenerationEvents(GenerationEventRepository repository, JsonMapper json) {
    this.repository = repository;
    this.json = json;
  }

  /**
   * Appends an event, in the caller's transaction or else in one of its own. Answers false when
   * it was not stored: its dedupe key is already there, or the timeline has ended.
   *
   * @param data the event's fields: strings, numbers or booleans (nulls are left out)
   */
  @Transactional
  public boolean record(UUID generationId, String type, String dedupeKey, Map<String, ?> data) {
    // One writer per generation until commit, so the next seq is taken in commit order and a
    // reader that remembers the last seq it saw never skips a late commit. Taken last in every
    // writer's transaction (after its row locks), so it cannot close a lock cycle.
    repository.lockTimeline("generation-events/" + generationId);
    Map<String, Object> present = new LinkedHashMap<>();
    data.forEach((name, value) -> {
      if (value != null) {
        present.put(name, value);
      }
    });
    return repository.append(generationId, type, dedupeKey, toJson(present), GenerationStatus.terminalWords()) == 1;
  }

  /** Event fields from alternating names and values, in that order; null values are left out. */
  public static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return fields;
  }

  /** A generation's events with seq above {@code afterSeq}, in order. */
  @Transactional(readOnly = true)
  public List<Event> after(UUID generationId, int afterSeq) {
    return repository.after(generationId, afterSeq);
  }

  /**
   * The new events of many generations in one query (for the stream poller): for each generation
   * those with seq above its position, in order.
   */
  @Transactional(readOnly = true)
  public List<Event> after(Map<UUID, Integer> positions) {
    if (positions.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> byId = new LinkedHashMap<>();
    positions.forEach((id, seq) -> byId.put(id.toString(), seq));
    return repository.after(toJson(byId));
  }

  private String toJson(Map<String, ?> object) {
    try {
      return json.writeValueAsString(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
