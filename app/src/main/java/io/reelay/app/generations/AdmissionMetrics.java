package io.reelay.app.generations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelay.activities.generations.GenerationMetrics;
import io.reelay.app.models.ModelSpec;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;

/**
 * What the door decides about creates (docs/metrics.md): generations created, admitted and
 * rejected (refused credits, or shed under load) by model, provider and door, and how long the
 * decision took. Counted once per create call answered; an idempotent replay of a create is not
 * a new generation and counts nothing.
 */
@Singleton
public class AdmissionMetrics {

  /** The {@code outcome} of reelay.admission and the {@code reason} of a shed create. */
  static final String ADMITTED = "admitted";
  static final String REJECTED = "rejected";
  static final String SHED = "shed";
  static final String OVERLOADED = "overloaded";

  private final MeterRegistry registry;
  private final GenerationMetrics generations;

  public AdmissionMetrics(MeterRegistry registry, GenerationMetrics generations) {
    this.registry = registry;
    this.generations = generations;
  }

  /**
   * The create started a new generation (its workflow). Named "started", not "created": the
   * Prometheus format keeps a counter's {@code _created} suffix for its creation time, and the
   * registry drops it from the name.
   */
  void created(ModelSpec model, String door) {
    counter("started", "Creates that started a new generation", model, door).increment();
  }

  /** Its hold was placed: answered 201. */
  void admitted(ModelSpec model, String door, long startedNanos) {
    counter("admitted", "Creates whose credits were reserved (201)", model, door).increment();
    Duration took = since(startedNanos);
    timer(door, ADMITTED).record(took);
    generations.step(GenerationMetrics.Step.ADMISSION, took);
  }

  /** Refused for its account's money (402); {@code code} is the refusal's error code. */
  void refused(ModelSpec model, String door, String code, long startedNanos) {
    rejected(model, door, code == null ? "insufficient_credits" : code.toLowerCase(Locale.ROOT));
    timer(door, REJECTED).record(since(startedNanos));
  }

  /** Shed: the backlog is at its bound (503 OVERLOADED), nothing started. */
  void shed(ModelSpec model, String door, long startedNanos) {
    rejected(model, door, OVERLOADED);
    timer(door, SHED).record(since(startedNanos));
  }

  private void rejected(ModelSpec model, String door, String reason) {
    Counter.builder("reelay.generations.rejected")
        .description("Creates refused at the door, by reason (insufficient_credits; overloaded: shed with 503)")
        .tag("model", model.id())
        .tag("provider", model.provider())
        .tag("door", door)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  private Counter counter(String name, String description, ModelSpec model, String door) {
    return Counter.builder("reelay.generations." + name)
        .description(description)
        .tag("model", model.id())
        .tag("provider", model.provider())
        .tag("door", door)
        .register(registry);
  }

  private Timer timer(String door, String outcome) {
    return Timer.builder("reelay.admission")
        .description("Create calls' admission time, from the call to its answer, by outcome")
        .tag("door", door)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Generations admitted and not yet submitted, as the load shedding counts them. */
  public void registerBacklogGauge(AdmissionBacklog backlog) {
    Gauge.builder("reelay.admission.backlog", backlog, AdmissionBacklog::pending)
        .description("Generations admitted and not yet submitted to a provider, all instances (from PostgreSQL)")
        .register(registry);
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
