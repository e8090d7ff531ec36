package io.reelay.activities.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.testing.PostgresContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets and the circuit breaker on a real PostgreSQL. Each test uses its own provider name;
 * two guards on one database stand for two workers.
 */
class ProviderGuardTest {

  private static PostgresContext db;
  private static ProviderGuard guard;

  @BeforeAll
  static void start() throws Exception {
    db =
        PostgresContext.start(
            Map.of(
                "reelay.providers.budgeted.budget.submit-per-minute", 5,
                "reelay.providers.concurrent.budget.max-concurrent", 2,
                "reelay.providers.failover-a.budget.max-concurrent", 1,
                "reelay.providers.statusy.budget.status-per-minute", 10,
                "reelay.providers.flaky.circuit.failure-threshold", 3,
                "reelay.providers.flaky.circuit.open-seconds", 2,
                "reelay.providers.periodic.circuit.failure-threshold", 1,
                "reelay.providers.periodic.circuit.open-seconds", 10));
    guard = db.bean(ProviderGuard.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void aSubmitBudgetAdmitsExactlyItsSizeUnderConcurrencyThenSaysWhenThereIsRoom() throws Exception {
    int callers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<ProviderGuard.Hold>>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String generation = UUID.randomUUID().toString();
      results.add(
          pool.submit(
              () -> {
                go.await();
                return guard.clearSubmission("budgeted", generation);
              }));
    }
    go.countDown();
    int cleared = 0;
    for (Future<Optional<ProviderGuard.Hold>> result : results) {
      Optional<ProviderGuard.Hold> hold = result.get();
      if (hold.isEmpty()) {
        cleared++;
      } else {
        assertFalse(hold.get().circuitOpen());
        Duration wait = hold.get().retryAfter();
        assertTrue(
            wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Duration.ofSeconds(60)) <= 0,
            "wait " + wait);
        assertTrue(hold.get().reason().contains("submit budget of 5"), hold.get().reason());
      }
    }
    pool.shutdown();
    assertEquals(5, cleared);
  }

  @Test
  void aConcurrencySlotIsHeldUntilTheJobEndsAndARetryDoesNotTakeASecondOne() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    String c = UUID.randomUUID().toString();
    assertTrue(guard.clearSubmission("concurrent", a).isEmpty());
    assertTrue(guard.clearSubmission("concurrent", b).isEmpty());
    assertTrue(guard.clearSubmission("concurrent", a).isEmpty(), "a resubmission keeps its slot");
    Optional<ProviderGuard.Hold> held = guard.clearSubmission("concurrent", c);
    assertTrue(held.isPresent());
    assertTrue(held.get().reason().contains("runs 2 jobs"), held.get().reason());

    guard.jobEnded(a);
    assertTrue(guard.clearSubmission("concurrent", c).isEmpty());
    assertTrue(guard.clearSubmission("concurrent", UUID.randomUUID().toString()).isPresent());
  }

  @Test
  void aJobThatFailsOverStopsCountingAtTheProviderItLeft() {
    String a = UUID.randomUUID().toString();
    assertTrue(guard.clearSubmission("failover-a", a).isEmpty());
    assertTrue(guard.clearSubmission("failover-a", UUID.randomUUID().toString()).isPresent());
    assertTrue(guard.clearSubmission("failover-b", a).isEmpty());
    assertTrue(guard.clearSubmission("failover-a", UUID.randomUUID().toString()).isEmpty());
  }

  @Test
  void pollsLeaveAFifthOfTheStatusBudgetToDownloads() {
    int polls = 0;
    while (guard.clearStatusCall("statusy", false).isEmpty()) {
      polls++;
      assertTrue(polls <= 10, "polls never held back");
    }
    assertEquals(8, polls);
    assertTrue(guard.clearStatusCall("statusy", true).isEmpty());
    assertTrue(guard.clearStatusCall("statusy", true).isEmpty());
    Optional<ProviderGuard.Hold> spent = guard.clearStatusCall("statusy", true);
    assertTrue(spent.isPresent(), "the whole budget is spent");
    assertTrue(guard.clearStatusCall("unlimited", false).isEmpty(), "no budget configured, no limit");
  }

  /**
   * Found by ./reelay chaos: with the circuit open for exactly 30 s after each failed probe and
   * the provider in a 5xx burst for 3 s every 30 s, every probe met a burst and the circuit never
   * closed. Each opening now lasts a random half to all of open-seconds.
   */
  @Test
  void eachOpeningLastsARandomHalfToAllOfTheOpenTimeSoProbesDoNotFallIntoStepWithRecurringTrouble() {
    ProviderException burst = new ProviderException(true, "HTTP_503", "burst", null, 503);
    java.util.Set<Long> tenths = new java.util.HashSet<>();
    for (int i = 0; i < 12; i++) {
      guard.failed("periodic", burst); // a failed probe opens it again
      Duration open = guard.clearSubmission("periodic", UUID.randomUUID().toString()).orElseThrow().retryAfter();
      assertTrue(
          open.compareTo(Duration.ofMillis(4_900)) >= 0 && open.compareTo(Duration.ofSeconds(10)) <= 0,
          "open for " + open);
      tenths.add(open.toMillis() / 100);
    }
    assertTrue(tenths.size() >= 4, "open times vary: " + tenths);
  }

  @Test
  void repeatedProviderTroubleOpensTheCircuitAndOneProbeClosesIt() throws Exception {
    ProviderException fiveHundred = new ProviderException(true, "HTTP_503", "down", null, 503);
    // a 429 and a 400 say nothing about the provider's health
    guard.failed("flaky", new ProviderException(true, "HTTP_429", "slow down", null, 429));
    guard.failed("flaky", new ProviderException(false, "HTTP_400", "bad prompt", null, 400));
    guard.failed("flaky", fiveHundred);
    guard.failed("flaky", fiveHundred);
    assertTrue(guard.clearSubmission("flaky", UUID.randomUUID().toString()).isEmpty(), "2 < 3 failures");
    guard.failed("flaky", fiveHundred);

    Optional<ProviderGuard.Hold> open = guard.clearSubmission("flaky", UUID.randomUUID().toString());
    assertTrue(open.isPresent() && open.get().circuitOpen(), "open after 3 consecutive failures");
    assertTrue(open.get().retryAfter().compareTo(Duration.ofSeconds(2)) <= 0, open.get().retryAfter().toString());

    Thread.sleep(open.get().retryAfter().toMillis() + 100);
    assertTrue(guard.clearSubmission("flaky", UUID.randomUUID().toString()).isEmpty(), "the probe goes");
    assertTrue(
        guard.clearSubmission("flaky", UUID.randomUUID().toString()).get().circuitOpen(),
        "only one probe at a time");
    guard.call("flaky", () -> "answered");
    assertTrue(guard.clearSubmission("flaky", UUID.randomUUID().toString()).isEmpty(), "closed again");
  }
}
