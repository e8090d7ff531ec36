package io.reelay.activities.generations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelay.activities.RecentReading;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Reelay's metrics about generations (docs/metrics.md): how they end, failovers, what was
 * stored, time in each step, and how many are in flight. Counted by {@link GenerationStore} and
 * the activities where the write that records the event applied, so a retried activity or a
 * replayed workflow never counts twice. Tags are bounded: models, providers and doors come from
 * configuration, error codes from {@link #ERROR_CODES}.
 */
@Singleton
public class GenerationMetrics {

  /** The codes a failed generation can carry; any other is counted as "other". */
  static final Set<String> ERROR_CODES =
      Set.of(
          "PROVIDER_FAILED",
          "PROVIDER_REJECTED",
          "PROVIDER_ERROR",
          "PROVIDER_UNAVAILABLE",
          "DEADLINE_EXCEEDED",
          "INTERNAL_ERROR");

  /** How often the in-flight counts are read from PostgreSQL at most. */
  static final Duration GAUGE_READ_EVERY = Duration.ofSeconds(5);

  /** The steps of a generation's life, as the {@code step} tag of reelay.generation.step. */
  public enum Step {
    /** The create call's admission: start the workflow, record the row, reserve the hold. */
    ADMISSION,
    /** From admitted to a provider accepting the job (the backlog wait included). */
    SUBMIT,
    /** From a provider accepting the job to the download of its video starting. */
    WAIT,
    /** Downloading, checking and storing the video. */
    DOWNLOAD,
    /** Capturing or releasing the hold (the ledger write). */
    SETTLE;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;

  public GenerationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A generation reached completed, failed or canceled (the row's update applied). */
  void ended(GenerationRecord generation) {
    String outcome = generation.status().word();
    Counter.Builder counter =
        Counter.builder("reelay.generations." + outcome)
            .tag("model", generation.model())
            .tag("provider", generation.provider())
            .tag("door", generation.door());
    switch (generation.status()) {
      case COMPLETED -> counter.description("Generations that reached completed");
      case FAILED ->
          counter
              .description("Generations that reached failed, by error code")
              .tag("error", errorTag(generation.errorCode()));
      case CANCELED -> counter.description("Generations that reached canceled");
      default -> {
        return; // rejected creates are counted at the door (reelay.generations.rejected)
      }
    }
    counter.register(registry).increment();
  }

  static String errorTag(String code) {
    return code != null && ERROR_CODES.contains(code) ? code : "other";
  }

  /** A generation's job went to another provider than the one it had. */
  void failedOver(String fromProvider, String toProvider) {
    Counter.builder("reelay.failovers")
        .description("Generations moved from one provider to another")
        .tag("from_provider", fromProvider)
        .tag("to_provider", toProvider)
        .register(registry)
        .increment();
  }

  /** A generation's video was stored (its timeline's stored event applied). */
  public void stored(String provider, long bytes, long durationMillis) {
    Counter.builder("reelay.videos.stored.bytes")
        .description("Bytes of video stored")
        .baseUnit("bytes")
        .tag("provider", provider)
        .register(registry)
        .increment(bytes);
    Counter.builder("reelay.videos.stored.duration")
        .description("Seconds of video stored")
        .baseUnit("seconds")
        .tag("provider", provider)
        .register(registry)
        .increment(durationMillis / 1000.0);
  }

  /** Time a generation spent in one step, recorded once per generation and step. */
  public void step(Step step, Duration time) {
    stepTimer(registry, step).record(time);
  }

  static Timer stepTimer(MeterRegistry registry, Step step) {
    return Timer.builder("reelay.generation.step")
        .description("Time a generation spent in each step")
        .tag("step", step.tag())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
  }

  /**
   * Generations in each non-terminal status, read from PostgreSQL at most every {@link
   * #GAUGE_READ_EVERY}; registered on the processes that publish the database's gauges.
   */
  public void registerActiveGauges(GenerationStore generations) {
    activeGauge(GenerationStatus.PENDING, new RecentReading<>(generations::countPending, GAUGE_READ_EVERY));
    activeGauge(GenerationStatus.PROCESSING, new RecentReading<>(generations::countProcessing, GAUGE_READ_EVERY));
  }

  private void activeGauge(GenerationStatus status, RecentReading<Long> count) {
    Gauge.builder("reelay.generations.active", count, reading -> reading.value())
        .description("Generations in each non-terminal status, all instances (from PostgreSQL)")
        .strongReference(true) // the reading lives only in the gauge
        .tag("status", status.word())
        .register(registry);
  }
}
