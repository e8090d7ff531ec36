package io.reelay.app.api;

import java.util.List;

/**
 * The request rules whose bounds are configuration (a model's durations, resolutions, aspect
 * ratios), which no Bean Validation annotation can hold; each answers 400 INVALID_PARAMETER naming
 * the field.
 */
public final class FieldRules {

  private FieldRules() {}

  /** {@code value} if it is from {@code min} to {@code max}. */
  public static long inRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw ApiException.invalid(
          field, field + " must be an integer from " + min + " to " + max + " (got " + value + ")");
    }
    return value;
  }

  /** {@code value}, or {@code fallback} when absent, if it is one of {@code allowed}. */
  public static String oneOf(String field, String value, String fallback, List<String> allowed) {
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw ApiException.invalid(
          field, field + " must be one of " + String.join(", ", allowed) + " (got '" + value + "')");
    }
    return value;
  }
}
