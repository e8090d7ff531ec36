package io.reelay.app.api;

import io.micronaut.json.tree.JsonNode;
import java.math.BigInteger;
import java.util.List;

/** Reads request fields strictly, answering 400 INVALID_PARAMETER that names the field. */
public final class JsonFields {

  private JsonFields() {}

  public static JsonNode object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.invalid(null, "the request body must be a JSON object");
    }
    return body;
  }

  public static String requiredString(JsonNode body, String field) {
    String value = optionalString(body, field);
    if (value == null) {
      throw ApiException.invalid(field, field + " is required");
    }
    return value;
  }

  public static String optionalString(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw ApiException.invalid(field, field + " must be a string");
    }
    return node.getStringValue();
  }

  public static long optionalInteger(JsonNode body, String field, long fallback, long min, long max) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    Number number = node.isNumber() ? node.getNumberValue() : null;
    boolean integral =
        number instanceof Integer
            || number instanceof Long
            || number instanceof Short
            || number instanceof BigInteger;
    if (!integral) {
      throw ApiException.invalid(field, field + " must be an integer from " + min + " to " + max);
    }
    BigInteger value = new BigInteger(number.toString());
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw outOfRange(field, value, min, max);
    }
    return value.longValue();
  }

  /** For a bound that is configuration (a model's durations), which no annotation can hold. */
  public static long inRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw outOfRange(field, BigInteger.valueOf(value), min, max);
    }
    return value;
  }

  private static ApiException outOfRange(String field, BigInteger value, long min, long max) {
    return ApiException.invalid(
        field, field + " must be an integer from " + min + " to " + max + " (got " + value + ")");
  }

  public static boolean optionalBoolean(JsonNode body, String field, boolean fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw ApiException.invalid(field, field + " must be true or false");
    }
    return node.getBooleanValue();
  }

  public static String oneOf(JsonNode body, String field, String fallback, List<String> allowed) {
    return oneOf(field, optionalString(body, field), fallback, allowed);
  }

  /** {@code value}, or {@code fallback} when absent, if it is one of {@code allowed} (configuration). */
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
