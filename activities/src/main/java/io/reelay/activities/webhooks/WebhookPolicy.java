package io.reelay.activities.webhooks;

import io.micronaut.context.annotation.Value;
import io.reelay.workflows.webhooks.WebhookRetrySchedule;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * {@code reelay.webhooks.*}: the address allow-lists (the same rule as image URLs: only public
 * addresses unless allow-listed), the per-attempt timeouts, the retry schedule, how long a
 * rotated secret keeps signing, and how many deliveries one generation may have.
 */
@Singleton
public class WebhookPolicy {

  private final List<String> allowedHosts;
  private final List<String> allowedCidrs;
  private final Duration connectTimeout;
  private final Duration attemptTimeout;
  private final WebhookRetrySchedule retry;
  private final Duration rotationGrace;
  private final int maxDeliveriesPerGeneration;

  public WebhookPolicy(
      @Value("${reelay.webhooks.allowed-hosts:}") List<String> allowedHosts,
      @Value("${reelay.webhooks.allowed-cidrs:}") List<String> allowedCidrs,
      @Value("${reelay.webhooks.connect-timeout-ms:5000}") long connectTimeoutMs,
      @Value("${reelay.webhooks.attempt-timeout-ms:15000}") long attemptTimeoutMs,
      @Value("${reelay.webhooks.retry.initial-interval-seconds:5}") long initialIntervalSeconds,
      @Value("${reelay.webhooks.retry.max-interval-seconds:3600}") long maxIntervalSeconds,
      @Value("${reelay.webhooks.retry.give-up-after-hours:26}") double giveUpAfterHours,
      @Value("${reelay.webhooks.secret-rotation-grace-hours:24}") long rotationGraceHours,
      @Value("${reelay.webhooks.max-deliveries-per-generation:20}") int maxDeliveriesPerGeneration) {
    if (initialIntervalSeconds < 1 || maxIntervalSeconds < initialIntervalSeconds) {
      throw new IllegalArgumentException(
          "reelay.webhooks.retry: initial-interval-seconds must be >= 1 and <= max-interval-seconds");
    }
    if (giveUpAfterHours * 3600 < maxIntervalSeconds) {
      throw new IllegalArgumentException("reelay.webhooks.retry.give-up-after-hours is shorter than one interval");
    }
    // an attempt must end well within the delivery activity's 60 s start-to-close, DNS included,
    // or Temporal would start the next attempt while this one may still be posting
    if (connectTimeoutMs < 1 || attemptTimeoutMs < connectTimeoutMs || attemptTimeoutMs > 30_000) {
      throw new IllegalArgumentException(
          "reelay.webhooks: timeouts must be positive, connect <= attempt <= 30000 ms");
    }
    this.allowedHosts = cleaned(allowedHosts);
    this.allowedCidrs = cleaned(allowedCidrs);
    this.connectTimeout = Duration.ofMillis(connectTimeoutMs);
    this.attemptTimeout = Duration.ofMillis(attemptTimeoutMs);
    this.retry =
        new WebhookRetrySchedule(initialIntervalSeconds, maxIntervalSeconds, Math.round(giveUpAfterHours * 3600));
    this.rotationGrace = Duration.ofHours(rotationGraceHours);
    this.maxDeliveriesPerGeneration = maxDeliveriesPerGeneration;
  }

  public List<String> allowedHosts() {
    return allowedHosts;
  }

  public List<String> allowedCidrs() {
    return allowedCidrs;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  public WebhookRetrySchedule retry() {
    return retry;
  }

  public Duration rotationGrace() {
    return rotationGrace;
  }

  public int maxDeliveriesPerGeneration() {
    return maxDeliveriesPerGeneration;
  }

  // configuration lists arrive with blanks ("" default, "a, b" strings)
  private static List<String> cleaned(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
  }
}
