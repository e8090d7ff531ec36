package io.reelay.activities.providers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelay.activities.RecentReading;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reelay's metrics about providers (docs/metrics.md): every call we make to one, with its outcome
 * and time; submissions held back by the provider's limits; and each circuit's state, read from
 * PostgreSQL (where all workers share it).
 */
@Singleton
public class ProviderMetrics {

  /** What we ask a provider, as the {@code operation} tag. */
  public enum Operation {
    SUBMIT,
    POLL,
    CANCEL,
    DOWNLOAD;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The states of a circuit, as the {@code state} tag. */
  static final String[] CIRCUIT_STATES = {"closed", "half_open", "open"};

  /** How often the circuits are read from PostgreSQL at most. */
  static final Duration GAUGE_READ_EVERY = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final ProviderGuardRepository circuits;

  public ProviderMetrics(MeterRegistry registry, ProviderGuardRepository circuits) {
    this.registry = registry;
    this.circuits = circuits;
  }

  /** Runs one call to a provider, timing it by provider, operation and outcome. */
  public <T> T timed(String provider, Operation operation, ProviderGuard.ProviderCall<T> call)
      throws ProviderException {
    long started = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.run();
      outcome = "2xx";
      return result;
    } catch (ProviderException e) {
      outcome = outcome(e);
      throw e;
    } finally {
      Timer.builder("reelay.provider.calls")
          .description("Calls to providers, by operation and outcome (status class, timeout, error)")
          .tag("provider", provider)
          .tag("operation", operation.tag())
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          // the buckets span what a provider call can take: fewer series per scrape
          .minimumExpectedValue(Duration.ofMillis(5))
          .maximumExpectedValue(Duration.ofMinutes(2))
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** The status class of the provider's answer, or why there was none. */
  static String outcome(ProviderException e) {
    int status = e.httpStatus();
    if (status >= 100 && status < 600) {
      return status / 100 + "xx";
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("timeout") || message.contains("timed out") ? "timeout" : "error";
  }

  /** A submission the provider's limits held back (answered "wait", not sent). */
  void heldBack(String provider, ProviderGuard.Hold.Cause cause) {
    Counter.builder("reelay.submissions.held_back")
        .description("Submissions held back by a provider's limits, by reason")
        .tag("provider", provider)
        .tag("reason", cause.tag())
        .register(registry)
        .increment();
  }

  /**
   * 1 for each provider's current circuit state and 0 for the others; registered on the processes
   * that publish the database's gauges.
   */
  public void registerCircuitGauges(Collection<String> providers) {
    RecentReading<Map<String, String>> states = new RecentReading<>(this::readCircuits, GAUGE_READ_EVERY);
    for (String provider : providers) {
      for (String state : CIRCUIT_STATES) {
        Gauge.builder(
                "reelay.provider.circuit",
                states,
                reading -> state.equals(reading.value().getOrDefault(provider, "closed")) ? 1 : 0)
            .description("1 for the provider's circuit state, 0 for the other states (from PostgreSQL)")
            .strongReference(true) // the reading lives only in the gauge
            .tag("provider", provider)
            .tag("state", state)
            .register(registry);
      }
    }
  }

  private Map<String, String> readCircuits() {
    Map<String, String> states = new HashMap<>();
    for (String row : circuits.circuitStates()) {
      int space = row.lastIndexOf(' ');
      states.put(row.substring(0, space), row.substring(space + 1));
    }
    return states;
  }
}
