package io.reelay.app.generations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.type.Argument;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The list's query rules: the status filter's words are GenerationStatus's, and a cursor reads back. */
class ListQueryRulesTest {

  @Test
  void theStatusRuleAcceptsEveryShownStatusAndNothingElse() {
    List<String> shown =
        Arrays.stream(GenerationStatus.values()).filter(s -> s != GenerationStatus.REJECTED).map(GenerationStatus::word).toList();
    Pattern rule = Pattern.compile(GenerationsController.LISTED_STATUS);
    shown.forEach(word -> assertTrue(rule.matcher(word).matches(), word));
    assertTrue(rule.matcher("").matches(), "an empty value is no filter");
    assertFalse(rule.matcher("rejected").matches(), "rejected shows as failed");
    assertFalse(rule.matcher("done").matches());
    assertEquals(String.join(", ", shown), GenerationsController.LISTED_STATUS_WORDS);
  }

  @Test
  void aCursorReadsBackAsThePositionItWasWrittenFromAndAForeignOneIsRefused() {
    UUID id = UUID.fromString("6f1c1d7e-0000-4000-8000-000000000001");
    Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
    GenerationRecord last =
        new GenerationRecord(
            id, UUID.randomUUID(), "sim-fast", "sim", GenerationStatus.COMPLETED, 100, "a cat", null, 5, "16:9", "480p", null, false,
            null, null, 250_000, null, null, null, null, null, null, null, null, null, null, at, null, null, null, "native");
    GenerationCursor cursors = new GenerationCursor();

    assertEquals(Optional.of(new GenerationStore.PagePosition(at, id)), read(cursors, GenerationCursor.after(last)).value());
    Read empty = read(cursors, "");
    assertEquals(Optional.empty(), empty.value());
    assertFalse(empty.rejected(), "an empty cursor is the first page");
    for (String foreign : List.of("abc", "!!", "bm90fGFjdXJzb3I")) {
      Read refused = read(cursors, foreign);
      assertEquals(Optional.empty(), refused.value(), foreign);
      assertTrue(refused.rejected(), foreign);
      assertEquals(GenerationCursor.NOT_OURS, refused.error().getMessage(), foreign);
    }
  }

  private record Read(Optional<GenerationStore.PagePosition> value, boolean rejected, Exception error) {}

  private static Read read(GenerationCursor cursors, String cursor) {
    ArgumentConversionContext<GenerationStore.PagePosition> context =
        ConversionContext.of(Argument.of(GenerationStore.PagePosition.class, "cursor"));
    Optional<GenerationStore.PagePosition> value = cursors.convert(cursor, GenerationStore.PagePosition.class, context);
    return new Read(value, context.getLastError().isPresent(), context.getLastError().map(e -> e.getCause()).orElse(null));
  }
}
