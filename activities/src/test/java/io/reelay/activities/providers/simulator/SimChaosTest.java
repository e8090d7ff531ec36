package io.reelay.activities.providers.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.testing.PostgresContext;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The simulator's chaos: which faults it plans, when its error bursts are, and their store. */
class SimChaosTest {

  private static SimChaos chaos(boolean enabled, int percent) {
    return new SimChaos(enabled, percent, percent, 20, 60, percent, 30, 3);
  }

  @Test
  void offByDefaultItPlansNothingAndNeverAnswers5xx() {
    SimChaos off = chaos(false, 100);
    assertTrue(off.extraCallbacks("succeeded", new Random(1)).isEmpty());
    assertTrue(off.burstStatus(0, new Random(1)).isEmpty());
  }

  @Test
  void atFullChanceEveryKindIsPlannedWithinItsBounds() {
    SimChaos always = chaos(true, 100);
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      List<SimChaos.ExtraCallback> extras = always.extraCallbacks("succeeded", random);
      long duplicates = extras.stream().filter(e -> e.kind().equals("duplicate")).count();
      assertTrue(duplicates >= 1 && duplicates <= 3, "duplicates " + duplicates);
      for (SimChaos.ExtraCallback extra : extras) {
        switch (extra.kind()) {
          case "duplicate" -> {
            assertEquals("succeeded", extra.status());
            assertTrue(extra.delayMillis() <= 2_000);
          }
          case "late" -> {
            assertEquals("succeeded", extra.status());
            assertTrue(extra.delayMillis() >= 20_000 && extra.delayMillis() <= 60_000, "late " + extra);
          }
          case "out_of_order" -> {
            assertEquals("running", extra.status());
            assertTrue(extra.delayMillis() >= 500 && extra.delayMillis() <= 3_000);
          }
          default -> throw new AssertionError(extra);
        }
      }
      assertEquals(1, extras.stream().filter(e -> e.kind().equals("late")).count());
      assertEquals(1, extras.stream().filter(e -> e.kind().equals("out_of_order")).count());
    }
    assertTrue(chaos(true, 0).extraCallbacks("failed", random).isEmpty());
  }

  @Test
  void errorBurstsAreTheFirstSecondsOfEveryPeriodByTheWallClock() {
    SimChaos bursts = chaos(true, 0);
    Random random = new Random(7);
    long period = 1_795_000_020_000L; // a multiple of 30 s
    for (long ms = 0; ms < 3_000; ms += 250) {
      int status = bursts.burstStatus(period + ms, random).orElseThrow();
      assertTrue(status == 500 || status == 502 || status == 503, "status " + status);
      assertEquals(period / 1000, bursts.burstWindowStart(period + ms));
    }
    for (long ms = 3_000; ms < 30_000; ms += 250) {
      assertTrue(bursts.burstStatus(period + ms, random).isEmpty(), "at +" + ms + " ms");
    }
  }

  @Test
  void extraCallbacksAreClaimedWhenDueRetriedOnRefusalAndCountedOncePerBurst() throws Exception {
    try (PostgresContext db = PostgresContext.start(Map.of())) {
      SimJobStore jobs = db.bean(SimJobStore.class);
      SimChaosStore store = db.bean(SimChaosStore.class);
      SimJob job =
          jobs.insertOrGet(
              new SimJob("sim_chaos_" + UUID.randomUUID(), UUID.randomUUID().toString(), "sim-fast", "p",
                  1, 64, 64, 1, 0, "succeed", "http://127.0.0.1:1/cb", false, 0));
      store.schedule(
          job.id(),
          List.of(
              new SimChaos.ExtraCallback("duplicate", "succeeded", 0),
              new SimChaos.ExtraCallback("late", "succeeded", 3_600_000)));

      List<SimChaosStore.DueCallback> due = store.claimDue(10, 30);
      assertEquals(1, due.size(), "only the duplicate is due");
      assertEquals("http://127.0.0.1:1/cb", due.get(0).callbackUrl());
      assertTrue(store.claimDue(10, 30).isEmpty(), "claimed: leased for 30 s");

      store.attempted(due.get(0).id(), 503, 2);
      store.attempted(due.get(0).id(), 200, 2);
      store.countBurstError(1_795_000_020L);
      store.countBurstError(1_795_000_020L);

      String state =
          db.queryString(
              "SELECT state || ' ' || attempts || ' ' || last_response FROM sim_chaos_callbacks WHERE id = ?",
              due.get(0).id());
      assertEquals("sent 2 200", state);
      int errors = Integer.parseInt(db.queryString("SELECT sum(errors)::int FROM sim_chaos_bursts"));
      assertEquals(2, errors);
    }
  }
}
