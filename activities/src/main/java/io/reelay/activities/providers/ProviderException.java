package io.reelay.activities.providers;

import java.time.Duration;

/**
 * A provider call that did not succeed. {@code retryable} separates transient trouble (5xx,
 * 429, timeouts) from definitive refusals (4xx validation, auth, unknown job).
 */
public class ProviderException extends Exception {

  private final boolean retryable;
  private final String code;
  private final Duration retryAfter;

  public ProviderException(boolean retryable, String code, String message, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public static ProviderException transientFailure(String code, String message) {
    return new ProviderException(true, code, message, null);
  }

  public static ProviderException refused(String code, String message) {
    return new ProviderException(false, code, message, null);
  }

  public boolean retryable() {
    return retryable;
  }

  public String code() {
    return code;
  }

  /** The provider's hint for when to try again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
