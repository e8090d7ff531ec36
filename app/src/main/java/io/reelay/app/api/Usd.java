package io.reelay.app.api;

import io.micronaut.json.tree.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD decimals on the wire, micro-USD integers inside. */
public final class Usd {

  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal MAX = BigDecimal.valueOf(1_000_000);

  private Usd() {}

  /** {@code 250000 -> 0.25}; at least two decimals, at most six. */
  public static BigDecimal of(long micros) {
    BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    return value.scale() < 2 ? value.setScale(2, RoundingMode.UNNECESSARY) : value;
  }

  /** Parses a positive amount of at most $1,000,000 with at most six decimals. */
  public static long parsePositive(JsonNode node, String param) {
    BigDecimal value;
    try {
      if (node == null || node.isNull()) {
        throw ApiException.invalid(param, param + " is required");
      }
      value =
          node.isNumber()
              ? new BigDecimal(node.getNumberValue().toString())
              : node.isString() ? new BigDecimal(node.getStringValue()) : null;
    } catch (NumberFormatException e) {
      value = null;
    }
    if (value == null) {
      throw ApiException.invalid(param, param + " must be a number of US dollars, e.g. 10.00");
    }
    if (value.signum() <= 0 || value.compareTo(MAX) > 0) {
      throw ApiException.invalid(param, param + " must be more than 0 and at most 1000000");
    }
    if (value.stripTrailingZeros().scale() > 6) {
      throw ApiException.invalid(param, param + " has more than six decimals");
    }
    return value.multiply(MICROS).longValueExact();
  }
}
