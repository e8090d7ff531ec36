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
  private final int httpStatus;

  public ProviderException(boolean retryable, String code, String message, Duration retryAfter) {
    this(retryable, code, message, retryAfter, 0);
  }

  /** @param httpStatus the provider's HTTP status, or 0 when there was no answer */
  public ProviderException(
      boolean retryable, String code, String message, Duration retryAfter, int httpStatus) {
    super(message);
    this.retryable = retryable;
    this.code = code;
    this.retryAfter = retryAfter;
    this.httpStatus = httpStatus;
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

  /** The provider's HTTP status, or 0 when there was no answer (network, our own checks). */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether this says something about the provider's health rather than about one job: no
   * answer, a 5xx, or our account refused (401/402/403). A 429 is the provider working as meant;
   * a 400 is about the job.
   */
  public boolean providerTrouble() {
    if (httpStatus == 429 || "RESULT_URL_EXPIRED".equals(code)) {
      return false;
    }
    return retryable || httpStatus == 401 || httpStatus == 402 || httpStatus == 403;
  }

  /** The provider's hint for when to try again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
