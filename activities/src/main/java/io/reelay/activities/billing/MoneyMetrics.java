package io.reelay.activities.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.reelay.activities.RecentReading;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Money as the ledger moves it (docs/metrics.md), in micro-USD: counted by {@link Ledger} once per
 * journal entry it inserts, after its transaction commits, so a replayed movement (same
 * idempotency key, nothing inserted) never counts. The gauges read the holds from PostgreSQL.
 */
@Singleton
public class MoneyMetrics {

  /** How often the holds are read from PostgreSQL at most. */
  static final Duration GAUGE_READ_EVERY = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Counter reserved;
  private final Counter captured;
  private final Counter released;
  private final HoldRepository holds;
  private final Duration overdueAfter;

  public MoneyMetrics(
      MeterRegistry registry,
      HoldRepository holds,
      @Value("${reelay.metrics.hold-overdue-after:1h}") Duration overdueAfter) {
    this.registry = registry;
    this.holds = holds;
    this.overdueAfter = overdueAfter;
    this.reserved = movement("reserved", "Micro-USD reserved (holds placed)");
    this.captured = movement("captured", "Micro-USD captured (charged)");
    this.released = movement("released", "Micro-USD released back to the balance");
  }

  private Counter movement(String kind, String description) {
    return Counter.builder("reelay.money." + kind).description(description).register(registry);
  }

  void reserved(long micros) {
    reserved.increment(micros);
  }

  void captured(long micros) {
    captured.increment(micros);
  }

  void released(long micros) {
    released.increment(micros);
  }

  /**
   * Money in open holds and holds open for longer than {@code reelay.metrics.hold-overdue-after}
   * (every generation settles well within its model's deadline; one past this is stuck);
   * registered on the processes that publish the database's gauges.
   */
  public void registerHoldGauges() {
    RecentReading<Long> held = new RecentReading<>(holds::activeMicros, GAUGE_READ_EVERY);
    double overdueSeconds = overdueAfter.toSeconds();
    RecentReading<Long> overdue =
        new RecentReading<>(() -> holds.countActiveOlderThan(overdueSeconds), GAUGE_READ_EVERY);
    Gauge.builder("reelay.money.held", held, reading -> reading.value())
        .description("Micro-USD in open holds now, all accounts (from PostgreSQL)")
        .strongReference(true) // the reading lives only in the gauge
        .register(registry);
    Gauge.builder("reelay.holds.overdue", overdue, reading -> reading.value())
        .description("Open holds older than reelay.metrics.hold-overdue-after (from PostgreSQL)")
        .strongReference(true)
        .register(registry);
  }
}
