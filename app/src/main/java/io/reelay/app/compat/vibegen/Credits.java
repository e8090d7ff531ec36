package io.reelay.app.compat.vibegen;

import java.math.BigDecimal;

/**
 * VibeGen counts money in credits. At this door one credit is one US cent (10,000 micro-USD), so
 * every amount converts exactly both ways: a credit figure is the micro-USD amount with four
 * decimals shifted, never a rounded float.
 */
public final class Credits {

  /** Micro-USD in one credit ($0.01). */
  public static final long MICROS_PER_CREDIT = 10_000;

  private Credits() {}

  /** {@code 250000 -> 25}, {@code 5000 -> 0.5}: exact, without trailing zeros. */
  public static BigDecimal of(long micros) {
    BigDecimal credits = BigDecimal.valueOf(micros, 4).stripTrailingZeros();
    return credits.scale() < 0 ? credits.setScale(0) : credits;
  }
}
