package io.reelay.app.compat.openai;

import io.micronaut.core.annotation.Nullable;
import io.reelay.app.api.ApiException;

/** The list's query parameters: limit (1 to 100, 20 when absent) and order (desc or asc). */
final class VideoPages {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private VideoPages() {}

  static int limit(@Nullable String limit) {
    if (limit == null || limit.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int value = Integer.parseInt(limit.trim());
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw ApiException.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
  }

  /** Whether the oldest come first: order=asc; desc (the default) is newest first. */
  static boolean oldestFirst(@Nullable String order) {
    if (order == null || order.isEmpty() || order.equals("desc")) {
      return false;
    }
    if (order.equals("asc")) {
      return true;
    }
    throw ApiException.invalid("order", "order must be 'asc' or 'desc'");
  }
}
