package io.reelay.app.callbacks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelay.activities.providers.ProviderRegistry;
import jakarta.inject.Singleton;

/**
 * Provider callbacks received (docs/metrics.md), by provider and outcome: accepted (news for a
 * running generation, signalled), duplicate (a status already seen, or the generation has ended)
 * or refused (no valid token). The provider comes from the URL, so a name no adapter has is
 * counted as "unknown": whoever calls cannot grow the label set.
 */
@Singleton
public class CallbackMetrics {

  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    REFUSED
  }

  private final MeterRegistry registry;
  private final ProviderRegistry providers;

  public CallbackMetrics(MeterRegistry registry, ProviderRegistry providers) {
    this.registry = registry;
    this.providers = providers;
  }

  void received(String provider, Outcome outcome) {
    Counter.builder("reelay.callbacks")
        .description("Provider callbacks received, by outcome")
        .tag("provider", providers.has(provider) ? provider : "unknown")
        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }
}
