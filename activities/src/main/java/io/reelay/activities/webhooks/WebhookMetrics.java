package io.reelay.activities.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Client webhook deliveries (docs/metrics.md): each attempt that failed, each delivery that
 * ended delivered or abandoned, and how many attempts it took. Counted by {@link WebhookStore}
 * when the write that records it applies (a delivery ends once: its final state is never
 * overwritten).
 */
@Singleton
public class WebhookMetrics {

  private final MeterRegistry registry;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** An attempt that did not deliver (no answer, or not a 2xx); it is retried unless given up. */
  void attemptFailed() {
    deliveries("failed").increment();
  }

  /** A delivery ended: delivered (a 2xx) or abandoned (given up), after this many attempts. */
  void ended(String outcome, long attempts) {
    deliveries(outcome).increment();
    DistributionSummary.builder("reelay.webhook.delivery.attempts")
        .description("Attempts a webhook delivery took when it ended")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .maximumExpectedValue(100.0)
        .register(registry)
        .record(attempts);
  }

  private Counter deliveries(String outcome) {
    return Counter.builder("reelay.webhook.deliveries")
        .description("Webhook delivery attempts' outcomes: failed attempts, deliveries delivered or abandoned")
        .tag("outcome", outcome)
        .register(registry);
  }
}
