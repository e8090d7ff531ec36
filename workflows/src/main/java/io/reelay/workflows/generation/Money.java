package io.reelay.workflows.generation;

import java.math.BigDecimal;

/** Formats micro-USD amounts, the integer unit of every amount in Reelay. */
public final class Money {

  public static final long MICROS_PER_USD = 1_000_000L;

  private Money() {}

  /** {@code 250000 -> "$0.25"}. */
  public static String usd(long micros) {
    BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    if (value.scale() < 2) {
      value = value.setScale(2);
    }
    return "$" + value.toPlainString();
  }
}
