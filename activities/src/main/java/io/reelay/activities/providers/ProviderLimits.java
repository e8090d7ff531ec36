package io.reelay.activities.providers;

import io.micronaut.context.env.Environment;
import java.time.Duration;

/**
 * What one provider may be asked, from {@code reelay.providers.<name>.budget.*} and {@code
 * .circuit.*}. Zero means no limit. Budgets hold across every worker (they are counted in
 * PostgreSQL); the circuit opens after {@code failureThreshold} consecutive failures and lets
 * one probe through after a random half to all of {@code openFor}.
 *
 * @param submitPerMinute  job submissions (Venice: queue) in any 60 s
 * @param statusPerMinute  status and download calls (Venice: retrieve) in any 60 s
 * @param maxConcurrent    jobs running upstream at once
 * @param failureThreshold consecutive failures that open the circuit
 * @param openFor          how long the circuit stays open before a probe, at most (each opening
 *                         draws from half of it to all of it, so probes never fall into step with
 *                         trouble that recurs at a fixed period)
 */
public record ProviderLimits(
    int submitPerMinute, int statusPerMinute, int maxConcurrent, int failureThreshold, Duration openFor) {

  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);

  public static ProviderLimits of(Environment environment, String provider) {
    String prefix = "reelay.providers." + provider + ".";
    return new ProviderLimits(
        environment.getProperty(prefix + "budget.submit-per-minute", Integer.class, 0),
        environment.getProperty(prefix + "budget.status-per-minute", Integer.class, 0),
        environment.getProperty(prefix + "budget.max-concurrent", Integer.class, 0),
        environment.getProperty(prefix + "circuit.failure-threshold", Integer.class, DEFAULT_FAILURE_THRESHOLD),
        Duration.ofSeconds(
            environment.getProperty(
                prefix + "circuit.open-seconds", Long.class, DEFAULT_OPEN_FOR.toSeconds())));
  }

  /**
   * Status calls a poll may use: four fifths of the budget, so the download of a finished video
   * (which needs the same calls at Venice) always finds room within a minute.
   */
  public int pollsPerMinute() {
    return statusPerMinute <= 0 ? 0 : Math.max(1, statusPerMinute * 4 / 5);
  }
}
