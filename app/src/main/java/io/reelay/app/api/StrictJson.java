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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks a request field that must arrive as a JSON value of its own type. Micronaut Serde reads
 * leniently ("5" and true as the number 5 and 1, "yes" as false, [1] as 1) and has no setting to
 * refuse that; the API refuses it with INVALID_PARAMETER naming the field, as it always did.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
// ANNOTATION_TYPE: UsdAmount is a StrictJson field of its own form
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.ANNOTATION_TYPE})
@Serdeable.Deserializable(using = StrictJson.Scalar.class)
public @interface StrictJson {

  /**
   * Reads a String, Boolean, Integer, Long, BigDecimal or List&lt;String&gt; field from a JSON
   * value of that type only, and a {@link UsdAmount} field from its dollars.
   */
  @Singleton
  final class Scalar extends NodeReader<Object> {

    @Override
    protected @Nullable Object read(JsonNode node, Argument<? super Object> type) {
      if (node == null || node.isNull()) {
        return null;
      }
      String param = WireNames.snakeCase(type.getName());
      if (type.getAnnotationMetadata().hasAnnotation(UsdAmount.class)) {
        return Usd.parsePositive(node, param);
      }
      Class<?> target = type.getType();
      if (target == String.class) {
        if (node.isString()) {
          return node.getStringValue();
        }
        throw ApiException.invalid(param, param + " must be a string");
      }
      if (target == Boolean.class || target == boolean.class) {
        if (node.isBoolean()) {
          return node.getBooleanValue();
        }
        throw ApiException.invalid(param, param + " must be true or false");
      }
      if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
        Number number = node.isNumber() ? node.getNumberValue() : null;
        boolean integral =
            number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof BigInteger;
        long min = target == Integer.class || target == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = target == Integer.class || target == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (integral) {
          BigInteger value = new BigInteger(number.toString());
          if (value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0) {
            return target == Integer.class || target == int.class ? (Object) value.intValue() : (Object) value.longValue();
          }
        }
        throw ApiException.invalid(param, param + " must be an integer");
      }
      if (List.class.isAssignableFrom(target)) {
        // a list of strings, e.g. reference_image_urls: serde would read [5] as ["5"]
        if (node.isArray()) {
          List<String> values = new ArrayList<>();
          for (JsonNode element : node.values()) {
            if (!element.isString()) {
              throw ApiException.invalid(param, param + " must hold strings");
            }
            values.add(element.getStringValue());
          }
          return List.copyOf(values);
        }
        throw ApiException.invalid(param, param + " must be an array of strings");
      }
      if (target == BigDecimal.class) {
        if (node.isNumber()) {
          return new BigDecimal(node.getNumberValue().toString());
        }
        throw ApiException.invalid(param, param + " must be a number");
      }
      throw new IllegalStateException("@StrictJson does not read " + target.getName());
    }
  }
}
