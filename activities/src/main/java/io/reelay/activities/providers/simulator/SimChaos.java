package io.reelay.activities.providers.simulator;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * What a misbehaving provider does, for {@code ./reelay chaos}; off unless
 * {@code reelay.simulator.chaos.enabled} (REELAY_SIM_CHAOS_ENABLED, read from the environment so a
 * restarted app keeps misbehaving). When on, after a job's terminal callback was delivered it
 * may send the same callback again soon (duplicate) or long after (late), and a stale
 * non-terminal status after it (out of order); and for a few seconds every so often it answers
 * every request with a 500, 502 or 503. Reelay must take all of it in its stride: callbacks are
 * hints it confirms by polling, and 5xx are transient.
 */
@Singleton
public class SimChaos {

  /** The stale status an out-of-order callback claims: the job is still running. */
  static final String STALE_STATUS = "running";

  /** A callback to send {@code delayMillis} after the terminal one. */
  public record ExtraCallback(String kind, String status, long delayMillis) {}

  private final boolean enabled;
  private final int duplicatePercent;
  private final int latePercent;
  private final int lateMinSeconds;
  private final int lateMaxSeconds;
  private final int outOfOrderPercent;
  private final int burstEverySeconds;
  private final int burstSeconds;

  public SimChaos(
      @Value("${reelay.simulator.chaos.enabled:false}") boolean enabled,
      @Value("${reelay.simulator.chaos.duplicate-callback-percent:30}") int duplicatePercent,
      @Value("${reelay.simulator.chaos.late-callback-percent:20}") int latePercent,
      @Value("${reelay.simulator.chaos.late-callback-min-seconds:20}") int lateMinSeconds,
      @Value("${reelay.simulator.chaos.late-callback-max-seconds:60}") int lateMaxSeconds,
      @Value("${reelay.simulator.chaos.out-of-order-callback-percent:30}") int outOfOrderPercent,
      @Value("${reelay.simulator.chaos.error-burst-every-seconds:30}") int burstEverySeconds,
      @Value("${reelay.simulator.chaos.error-burst-seconds:3}") int burstSeconds) {
    this.enabled = enabled;
    this.duplicatePercent = duplicatePercent;
    this.latePercent = latePercent;
    this.lateMinSeconds = lateMinSeconds;
    this.lateMaxSeconds = Math.max(lateMinSeconds, lateMaxSeconds);
    this.outOfOrderPercent = outOfOrderPercent;
    this.burstEverySeconds = burstEverySeconds;
    this.burstSeconds = burstSeconds;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * The extra callbacks for a job whose terminal callback ({@code status}) was just delivered:
   * 1-3 duplicates within 2 s, one late copy 20-60 s later, one stale "running" within 3 s —
   * each with its configured chance.
   */
  public List<ExtraCallback> extraCallbacks(String status, RandomGenerator random) {
    List<ExtraCallback> extras = new ArrayList<>();
    if (!enabled) {
      return extras;
    }
    if (random.nextInt(100) < duplicatePercent) {
      int copies = 1 + random.nextInt(3);
      for (int i = 0; i < copies; i++) {
        extras.add(new ExtraCallback("duplicate", status, random.nextLong(2_001)));
      }
    }
    if (random.nextInt(100) < latePercent) {
      long seconds = lateMinSeconds + random.nextInt(lateMaxSeconds - lateMinSeconds + 1);
      extras.add(new ExtraCallback("late", status, seconds * 1000));
    }
    if (random.nextInt(100) < outOfOrderPercent) {
      extras.add(new ExtraCallback("out_of_order", STALE_STATUS, 500 + random.nextLong(2_501)));
    }
    return extras;
  }

  /**
   * The 5xx to answer at {@code epochMillis}, if that falls in an error burst: the first
   * {@code error-burst-seconds} of every {@code error-burst-every-seconds}, by the wall clock, so
   * every instance and every restart agrees.
   */
  public OptionalInt burstStatus(long epochMillis, RandomGenerator random) {
    if (!enabled || burstEverySeconds <= 0 || burstSeconds <= 0) {
      return OptionalInt.empty();
    }
    long second = Math.floorDiv(epochMillis, 1000);
    if (Math.floorMod(second, burstEverySeconds) >= burstSeconds) {
      return OptionalInt.empty();
    }
    int[] statuses = {500, 502, 503};
    return OptionalInt.of(statuses[random.nextInt(statuses.length)]);
  }

  /** Epoch second at which the burst containing {@code epochMillis} began. */
  public long burstWindowStart(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    return second - Math.floorMod(second, burstEverySeconds);
  }
}
