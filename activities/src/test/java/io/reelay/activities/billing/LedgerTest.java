package io.reelay.activities.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.testing.PostgresContext;
import io.reelay.workflows.generation.LedgerActivities.CaptureResult;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger on a real PostgreSQL: no overdraft under concurrency, each movement once. */
class LedgerTest {

  private static PostgresContext db;
  private static Ledger ledger;
  private static AccountDirectory accounts;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresContext.start();
    ledger = db.bean(Ledger.class);
    accounts = db.bean(AccountDirectory.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void fiftyConcurrentReservationsAgainstTenAffordableAdmitExactlyTen() throws Exception {
    long price = 250_000; // $0.25
    UUID account = accounts.create("concurrency", 10 * price).accountId();
    int requests = 50;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ReserveResult>> results = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      UUID generation = UUID.randomUUID();
      results.add(
          pool.submit(
              () -> {
                go.await();
                return ledger.reserve(generation, account, price);
              }));
    }
    go.countDown();
    int admitted = 0;
    int refused = 0;
    for (Future<ReserveResult> result : results) {
      ReserveResult r = result.get();
      if (r.reserved()) {
        admitted++;
      } else {
        assertEquals("INSUFFICIENT_CREDITS", r.errorCode());
        refused++;
      }
    }
    pool.shutdown();
    assertEquals(10, admitted);
    assertEquals(40, refused);
    Ledger.Balance balance = ledger.balance(account).orElseThrow();
    assertEquals(0, balance.availableMicros());
    assertEquals(10 * price, balance.reservedMicros());
    assertEquals(0, balance.capturedMicros());
    long reserveEntries =
        ledger.entries(account, 1000).stream().filter(e -> e.kind().equals("reserve")).count();
    assertEquals(10, reserveEntries);
  }

  @Test
  void captureReplayedTwiceIsAppliedOnce() {
    UUID account = accounts.create("capture", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    assertTrue(ledger.reserve(generation, account, 250_000).reserved());
    // a replayed reserve is a no-op too
    assertTrue(ledger.reserve(generation, account, 250_000).reserved());

    CaptureResult first = ledger.capture(generation, 260_000); // more than the hold: capped
    CaptureResult second = ledger.capture(generation, 260_000);
    CaptureResult third = ledger.capture(generation, 100_000);

    assertEquals(new CaptureResult(250_000, 0), first);
    assertEquals(first, second);
    assertEquals(first, third);
    Ledger.Balance balance = ledger.balance(account).orElseThrow();
    assertEquals(750_000, balance.availableMicros());
    assertEquals(250_000, balance.capturedMicros());
    assertEquals(0, balance.reservedMicros());
    assertEquals(1, count(account, generation, "capture"));
    assertEquals(1, count(account, generation, "reserve"));
  }

  @Test
  void captureBelowTheHoldReleasesTheRestOnce() {
    UUID account = accounts.create("partial", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    assertTrue(ledger.reserve(generation, account, 500_000).reserved());
    assertEquals(new CaptureResult(260_000, 240_000), ledger.capture(generation, 260_000));
    assertEquals(new CaptureResult(260_000, 240_000), ledger.capture(generation, 260_000));
    assertEquals(0, ledger.release(generation), "a release after capture changes nothing");
    Ledger.Balance balance = ledger.balance(account).orElseThrow();
    assertEquals(740_000, balance.availableMicros());
    assertEquals(260_000, balance.capturedMicros());
    assertEquals(1, count(account, generation, "release"));
  }

  @Test
  void releaseReplayedTwiceIsAppliedOnce() {
    UUID account = accounts.create("release", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    assertTrue(ledger.reserve(generation, account, 300_000).reserved());
    assertEquals(700_000, ledger.balance(account).orElseThrow().availableMicros());

    assertEquals(300_000, ledger.release(generation));
    assertEquals(0, ledger.release(generation));
    assertEquals(0, ledger.release(generation));

    Ledger.Balance balance = ledger.balance(account).orElseThrow();
    assertEquals(1_000_000, balance.availableMicros());
    assertEquals(0, balance.reservedMicros());
    assertEquals(0, balance.capturedMicros());
    assertEquals(1, count(account, generation, "release"));
    // and a capture after the release charges nothing
    assertEquals(new CaptureResult(0, 300_000), ledger.capture(generation, 300_000));
    assertEquals(0, ledger.balance(account).orElseThrow().capturedMicros());
  }

  @Test
  void releaseWithoutHoldAndReserveForUnknownAccountAreHarmless() {
    assertEquals(0, ledger.release(UUID.randomUUID()));
    ReserveResult result = ledger.reserve(UUID.randomUUID(), UUID.randomUUID(), 1);
    assertFalse(result.reserved());
    assertEquals("ACCOUNT_NOT_FOUND", result.errorCode());
    assertThrows(Ledger.HoldNotFoundException.class, () -> ledger.capture(UUID.randomUUID(), 1));
  }

  @Test
  void aRefusedReservationLeavesNoTrace() {
    UUID account = accounts.create("short", 100_000).accountId();
    UUID generation = UUID.randomUUID();
    ReserveResult result = ledger.reserve(generation, account, 250_000);
    assertFalse(result.reserved());
    assertEquals("INSUFFICIENT_CREDITS", result.errorCode());
    assertEquals(0, count(account, generation, "reserve"));
    assertEquals(0, ledger.release(generation));
    assertEquals(100_000, ledger.balance(account).orElseThrow().availableMicros());
  }

  /**
   * The create call and the workflow both reserve: the second must get the first one's refusal,
   * even after a top-up, or a generation answered 402 could still run and be charged.
   */
  @Test
  void aRefusalIsKeptForTheSecondReserveOfTheSameGeneration() {
    UUID account = accounts.create("refused-twice", 100_000).accountId();
    UUID generation = UUID.randomUUID();
    assertEquals("INSUFFICIENT_CREDITS", ledger.reserve(generation, account, 250_000).errorCode());
    ledger.credit(account, 1_000_000, "credit:" + account + ":top-up");

    ReserveResult again = ledger.reserve(generation, account, 250_000);
    assertFalse(again.reserved());
    assertEquals("INSUFFICIENT_CREDITS", again.errorCode());
    assertEquals(0, count(account, generation, "reserve"));
    assertEquals(1_100_000, ledger.balance(account).orElseThrow().availableMicros());
    // a capture or release of the refused generation moves nothing either
    assertEquals(0, ledger.release(generation));
    assertEquals(0, ledger.capture(generation, 250_000).capturedMicros());
    assertEquals(1_100_000, ledger.balance(account).orElseThrow().availableMicros());
    // another generation of the same account is admitted now
    assertTrue(ledger.reserve(UUID.randomUUID(), account, 250_000).reserved());
  }

  /**
   * The create call and the workflow reserve the same generation at once: the second waits on the
   * first's hold and answers its outcome (it started before that hold committed, so it reads the
   * hold again), and money moves once.
   */
  @Test
  void aReserveThatWaitsOnAnotherPlacingTheSameHoldAnswersItsOutcome() throws Exception {
    assertEquals(new ReserveResult(true, null, null), reserveBehindAnotherSession(Hold.ACTIVE, 250_000));
    assertEquals("INSUFFICIENT_CREDITS", reserveBehindAnotherSession(Hold.REFUSED, 0).errorCode());
  }

  /**
   * Another session places the hold of a generation (in {@code state}, having reserved
   * {@code movedMicros}) and commits only once the ledger's reserve of that generation waits on
   * it; answers that reserve's result after checking that money moved once.
   */
  private static ReserveResult reserveBehindAnotherSession(String state, long movedMicros) throws Exception {
    UUID account = accounts.create("raced-" + state, 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = db.connect()) {
      other.setAutoCommit(false);
      try (PreparedStatement hold = other.prepareStatement(
              "INSERT INTO holds (generation_id, account_id, amount_micros, state) VALUES (?, ?, 250000, ?)");
          PreparedStatement move = other.prepareStatement("UPDATE accounts SET reserved_micros = reserved_micros + ? WHERE id = ?")) {
        hold.setObject(1, generation);
        hold.setObject(2, account);
        hold.setString(3, state);
        hold.executeUpdate();
        move.setLong(1, movedMicros);
        move.setObject(2, account);
        move.executeUpdate();
      }
      Future<ReserveResult> waiting = pool.submit(() -> ledger.reserve(generation, account, 250_000));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!db.queryString("SELECT count(*) FROM pg_locks WHERE NOT granted").equals("1")) {
        assertTrue(System.nanoTime() < deadline, "the reserve never waited on the other session's hold");
        Thread.sleep(20);
      }
      assertFalse(waiting.isDone());
      other.commit();
      ReserveResult result = waiting.get(10, TimeUnit.SECONDS);
      assertEquals(1_000_000 - movedMicros, ledger.balance(account).orElseThrow().availableMicros());
      assertEquals(0, count(account, generation, "reserve"), "the waiting reserve journals nothing");
      return result;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void creditsAreIdempotentPerKey() {
    UUID account = accounts.create("credits", 0).accountId();
    ledger.credit(account, 5_000_000, "credit:test:1");
    ledger.credit(account, 5_000_000, "credit:test:1");
    ledger.credit(account, 1_000_000, "credit:test:2");
    assertEquals(6_000_000, ledger.balance(account).orElseThrow().availableMicros());
  }

  @Test
  void concurrentTopUpsWithOneKeyApplyOnce() throws Exception {
    UUID account = accounts.create("topups", 0).accountId();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Ledger.Balance>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return ledger.credit(account, 2_000_000, "credit:race:1");
              }));
    }
    go.countDown();
    for (Future<Ledger.Balance> result : results) {
      result.get(); // none fails: a concurrent duplicate answers the balance
    }
    pool.shutdown();
    assertEquals(2_000_000, ledger.balance(account).orElseThrow().availableMicros());
    assertEquals(1, ledger.entries(account, 100).stream().filter(e -> e.kind().equals("credit")).count());
  }

  @Test
  void aSettledGenerationCannotReserveAgain() {
    UUID account = accounts.create("rerun", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    assertTrue(ledger.reserve(generation, account, 250_000).reserved());
    ledger.release(generation);
    ReserveResult again = ledger.reserve(generation, account, 250_000);
    assertFalse(again.reserved(), "a rerun after settlement must not run unpaid");
    assertEquals("ALREADY_SETTLED", again.errorCode());
    assertEquals(1_000_000, ledger.balance(account).orElseThrow().availableMicros());
  }

  private static long count(UUID account, UUID generation, String kind) {
    return ledger.entries(account, 1000).stream()
        .filter(e -> generation.equals(e.generationId()) && e.kind().equals(kind))
        .count();
  }
}
