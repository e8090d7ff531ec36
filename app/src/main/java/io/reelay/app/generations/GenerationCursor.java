package io.reelay.app.generations;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStore;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The list's next_cursor (where a page ended: created_at|id, base64url) and its reading back from
 * {@code ?cursor=}, as a converter so the binder answers a cursor this API did not write as an
 * invalid {@code cursor} parameter. An empty value is the first page.
 */
@Singleton
final class GenerationCursor implements TypeConverter<String, GenerationStore.PagePosition> {

  static final String NOT_OURS = "cursor is not one this API returned";

  static String after(GenerationRecord last) {
    String raw = last.createdAt().toString() + "|" + last.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<GenerationStore.PagePosition> convert(
      String cursor, Class<GenerationStore.PagePosition> targetType, ConversionContext context) {
    if (cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return Optional.of(
          new GenerationStore.PagePosition(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1))));
    } catch (RuntimeException notOurs) {
      context.reject(cursor, new IllegalArgumentException(NOT_OURS, notOurs));
      return Optional.empty();
    }
  }
}
