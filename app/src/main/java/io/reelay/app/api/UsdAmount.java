package io.reelay.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request field (a {@code Long} of micro-USD) that arrives as US dollars, a number or a
 * decimal string ("10.00"): more than 0, at most 1000000, at most six decimals ({@link
 * Usd#parsePositive}). JSON null reads as absent (null); a required amount says @NotNull.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Serdeable.Deserializable(using = UsdAmount.Reader.class)
public @interface UsdAmount {

  /** Reads the dollars into micro-USD. */
  @Singleton
  final class Reader extends NodeReader<Long> {

    @Override
    protected @Nullable Long read(JsonNode node, Argument<? super Long> type) {
      if (node == null || node.isNull()) {
        return null;
      }
      return Usd.parsePositive(node, WireNames.snakeCase(type.getName()));
    }
  }
}
