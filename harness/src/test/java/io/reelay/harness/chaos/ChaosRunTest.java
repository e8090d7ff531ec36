package io.reelay.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code ./reelay chaos} at CI size: 36 generations with every kind of fault injected at least
 * once, and every check at 0. Faults are more frequent than by default (callback faults at 50 %,
 * a 5xx burst every 15 s) and late callbacks come 5-15 s after instead of 20-60 s, so the run
 * fits in a few minutes and every kind shows up.
 */
class ChaosRunTest {

  private static final int GENERATIONS = 36;

  @Test
  void nothingIsLostStuckOrChargedTwiceWhileEveryKindOfFaultIsInjected() throws Exception {
    Path dir = Path.of("target", "chaos-" + System.currentTimeMillis()).toAbsolutePath();
    ChaosRun.Options options =
        ChaosRun.Options.of(GENERATIONS, 20261122L, dir)
            .withAppEnvironment(
                Map.of(
                    // about 13 sim-fast jobs call back: at the default 20-30 % a kind of callback
                    // fault would be missing from one run in twenty
                    "REELAY_SIM_CHAOS_DUPLICATE_PERCENT", "50",
                    "REELAY_SIM_CHAOS_LATE_PERCENT", "50",
                    "REELAY_SIM_CHAOS_OUT_OF_ORDER_PERCENT", "50",
                    "REELAY_SIM_CHAOS_LATE_MIN_SECONDS", "5",
                    "REELAY_SIM_CHAOS_LATE_MAX_SECONDS", "15",
                    // a burst every 15 s, so one meets traffic even when the app is down for two
                    // of them; a circuit open for 10 s at most, so a probe never lands in the next
                    "REELAY_SIM_CHAOS_BURST_EVERY_SECONDS", "15",
                    "REELAY_PROVIDERS_SIM_CIRCUIT_OPEN_SECONDS", "10"))
            .withSettleTimeout(Duration.ofMinutes(3));

    ChaosSummary summary = ChaosRun.run(options);
    String table = summary.format();
    System.out.print(table);

    for (String check : ChaosSummary.CHECKS) {
      assertEquals(0, summary.problem(check), check + "\n" + table);
    }
    for (String fault :
        List.of(
            "app SIGKILLs", "Temporal restarts", "PostgreSQL restarts", "duplicate callbacks", "late callbacks",
            "out-of-order callbacks", "5xx bursts")) {
      assertTrue(summary.fault(fault) > 0, "no " + fault + " injected\n" + table);
    }
    // every planned generation is accounted for: ended, or a key-less create that started none
    Set<String> allowed = Set.of("completed", "failed", "canceled", ChaosRun.NO_ANSWER, ChaosRun.REFUSED);
    summary.outcomes().values().forEach(byStatus -> assertTrue(allowed.containsAll(byStatus.keySet()), table));
    assertEquals(GENERATIONS, allowed.stream().mapToInt(summary::outcomeTotal).sum(), table);
    assertTrue(summary.outcomeTotal("completed") > 0 && summary.outcomeTotal("failed") > 0 && summary.outcomeTotal("canceled") > 0, table);
  }
}
