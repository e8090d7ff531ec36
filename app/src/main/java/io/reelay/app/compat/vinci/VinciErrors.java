package io.reelay.app.compat.vinci;

import io.micronaut.http.HttpStatus;
import io.reelay.app.api.ApiException;
import io.reelay.workflows.generation.Money;

/**
 * The text of Vinci's {"detail": ...} for each of the core's errors. The status code stays the
 * core's: Vinci's table (400, 401, 402, 413, 429, 500) uses the same codes for the same causes.
 */
final class VinciErrors {

  private VinciErrors() {}

  static String detail(ApiException error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    return switch (error.status()) {
      case UNAUTHORIZED -> "Invalid API key: " + message;
      case TOO_MANY_REQUESTS ->
          "Rate limit exceeded. Try again in " + error.headers().getOrDefault("Retry-After", "60") + " seconds.";
      case PAYMENT_REQUIRED -> message.startsWith("Insufficient balance") ? message : "Insufficient balance: " + message;
      case REQUEST_ENTITY_TOO_LARGE -> "File too large: " + message;
      case INTERNAL_SERVER_ERROR -> "Internal server error";
      // the native API's field names where Vinci's differ
      default -> message.replace("rate_limit_per_minute", "rate_limit");
    };
  }

  /** Vinci's 402: what the account has and what the request would hold. */
  static ApiException insufficientBalance(ApiException refusal, long availableMicros, long requiredMicros) {
    return new ApiException(
        HttpStatus.PAYMENT_REQUIRED,
        refusal.code(),
        "Insufficient balance. Current balance: " + Money.usd(availableMicros) + ", required: " + Money.usd(requiredMicros),
        refusal.param(),
        refusal.headers());
  }
}
