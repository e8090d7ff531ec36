package io.reelay.app.compat.videogenapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * VideoGenAPI's error envelope, {@code {"error", "message", "details"}}, with {@code success:
 * false} as its successful answers carry {@code success: true}.
 *
 * @param error a short title
 * @param message what went wrong and what to do
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record ErrorBody(boolean success, String error, String message, Details details) {

  /**
   * @param code Reelay's error code (e.g. INSUFFICIENT_CREDITS)
   * @param param the request field at fault, in this API's words
   * @param currentUsage requests made in the rate-limit window (429)
   * @param limit requests allowed in the window (429)
   * @param window the window (429)
   * @param resetTime when the window starts afresh, {@code yyyy-MM-dd HH:mm:ss} UTC (429)
   * @param secondsUntilReset how long until a request passes again (429; also Retry-After)
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Details(
      String code,
      @Nullable String param,
      @Nullable Long currentUsage,
      @Nullable Integer limit,
      @Nullable String window,
      @Nullable String resetTime,
      @Nullable Long secondsUntilReset) {}
}
