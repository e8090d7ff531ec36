package io.reelay.activities.generations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.generations.GenerationEvents.Event;
import io.reelay.activities.testing.PostgresContext;
import io.reelay.workflows.generation.AssetActivities.StoredVideo;
import io.reelay.workflows.generation.GenerationRequest;
import io.reelay.workflows.generation.VideoSpec;
import io.reelay.workflows.generation.WaitPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generation timelines on a real PostgreSQL: each event once however often its writer is
 * retried, numbered without gaps in commit order under concurrency, and nothing after the end.
 */
class GenerationEventsTest {

  private static final long HOLD = 250_000; // $0.25

  private static PostgresContext db;
  private static GenerationEvents events;
  private static GenerationRecordActivitiesImpl records;
  private static Ledger ledger;
  private static AccountDirectory accounts;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresContext.start();
    events = db.bean(GenerationEvents.class);
    records = db.bean(GenerationRecordActivitiesImpl.class);
    ledger = db.bean(Ledger.class);
    accounts = db.bean(AccountDirectory.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void theSameEventWrittenTwiceIsStoredOnce() {
    UUID generation = UUID.randomUUID();
    Map<String, Object> fields = GenerationEvents.fields("size_bytes", 1234L, "duration_seconds", 2.0, "none", null);
    assertTrue(events.record(generation, "stored", "stored", fields));
    assertFalse(events.record(generation, "stored", "stored", fields), "the retry is a no-op");

    List<Event> stored = events.after(generation, 0);
    assertEquals(1, stored.size());
    assertEquals(1, stored.get(0).seq());
    assertEquals("stored", stored.get(0).type());
    assertTrue(stored.get(0).dataJson().contains("\"size_bytes\": 1234"), stored.get(0).dataJson());
    assertFalse(stored.get(0).dataJson().contains("none"), "null fields are left out");
  }

  @Test
  void everyStateChangeRecordsItsEventOnceHoweverOftenItIsRetried() {
    UUID account = accounts.create("timeline", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    String id = generation.toString();
    GenerationRequest request = request(generation, account);

    // each step twice, as a retried activity runs it
    for (int attempt = 0; attempt < 2; attempt++) {
      records.created(request);
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      assertTrue(ledger.reserve(generation, account, HOLD).reserved());
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      records.submitted(id, "sim", "job-1");
      records.progress(id, 40);
    }
    records.progress(id, 100);
    for (int attempt = 0; attempt < 2; attempt++) {
      ledger.capture(generation, 200_000);
      records.completed(id, new StoredVideo("videos/" + id + ".mp4", 1000, "abc", 4000, 854, 480), 200_000);
    }

    List<Event> timeline = events.after(generation, 0);
    assertEquals(
        List.of("created", "admitted", "submitted", "progress", "progress", "settled", "completed"),
        timeline.stream().map(Event::type).toList());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), timeline.stream().map(Event::seq).toList());
    assertTrue(timeline.get(1).dataJson().contains("\"amount_micros\": 250000"), timeline.get(1).dataJson());
    assertTrue(timeline.get(2).dataJson().contains("\"provider_job_id\": \"job-1\""), timeline.get(2).dataJson());
    assertTrue(timeline.get(5).dataJson().contains("\"captured_micros\": 200000"), timeline.get(5).dataJson());
    assertTrue(timeline.get(5).dataJson().contains("\"released_micros\": 50000"), timeline.get(5).dataJson());
    assertTrue(timeline.get(6).terminal());
    assertEquals(List.of(6, 7), events.after(generation, 5).stream().map(Event::seq).toList());
  }

  @Test
  void nothingFollowsTheTerminalEvent() {
    UUID account = accounts.create("ended", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    String id = generation.toString();
    records.created(request(generation, account));
    records.submitted(id, "sim", "job-1");
    records.failed(id, "PROVIDER_FAILED", "it broke");

    // a late callback, a late progress, a second ending of another kind: none is recorded
    assertFalse(events.record(generation, "callback_received", "callback:sim:succeeded", GenerationEvents.fields("provider", "sim")));
    records.progress(id, 90);
    records.canceled(id, "canceled by request");
    assertFalse(events.record(generation, "completed", "some-other-key", Map.of()));

    List<Event> timeline = events.after(generation, 0);
    assertEquals(List.of("created", "submitted", "failed"), timeline.stream().map(Event::type).toList());
    assertTrue(timeline.get(2).dataJson().contains("PROVIDER_FAILED"));
  }

  @Test
  void aFailoverShowsASecondSubmissionWithItsOwnProgress() {
    UUID account = accounts.create("failover", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    String id = generation.toString();
    records.created(request(generation, account));
    records.submitted(id, "vinci", "v-1");
    records.progress(id, 30);
    records.submitted(id, "sim", "s-1");
    records.progress(id, 30);
    records.submitted(id, "sim", "s-1"); // retried

    assertEquals(
        List.of("created", "submitted", "progress", "submitted", "progress"),
        events.after(generation, 0).stream().map(Event::type).toList());
  }

  @Test
  void concurrentWritersGetGaplessNumbersAndADuplicateIsStoredOnce() throws Exception {
    UUID generation = UUID.randomUUID();
    int writers = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      // half write their own event, half all write the same one
      String key = i % 2 == 0 ? "progress:job:" + i : "callback:sim:succeeded";
      String type = i % 2 == 0 ? "progress" : "callback_received";
      results.add(
          pool.submit(
              () -> {
                go.await();
                return events.record(generation, type, key, Map.of());
              }));
    }
    go.countDown();
    int stored = 0;
    for (Future<Boolean> result : results) {
      stored += result.get() ? 1 : 0;
    }
    pool.shutdown();

    assertEquals(writers / 2 + 1, stored);
    List<Event> timeline = events.after(generation, 0);
    assertEquals(IntStream.rangeClosed(1, stored).boxed().toList(), timeline.stream().map(Event::seq).toList());
    assertEquals(1, timeline.stream().filter(e -> e.type().equals("callback_received")).count());
  }

  @Test
  void oneQueryReadsTheNewEventsOfManyGenerations() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID quiet = UUID.randomUUID();
    for (String step : List.of("one", "two", "three")) {
      events.record(a, "progress", step, Map.of());
      events.record(b, "progress", step, Map.of());
    }

    List<Event> found = events.after(Map.of(a, 2, b, 0, quiet, 0));
    assertEquals(List.of(3), found.stream().filter(e -> e.generationId().equals(a)).map(Event::seq).toList());
    assertEquals(List.of(1, 2, 3), found.stream().filter(e -> e.generationId().equals(b)).map(Event::seq).toList());
    assertEquals(4, found.size());
  }

  private static GenerationRequest request(UUID generation, UUID account) {
    return new GenerationRequest(
        generation.toString(),
        account.toString(),
        "sim-poll",
        "sim",
        new VideoSpec("a timeline", null, 5, "16:9", "480p", null, false),
        new WaitPolicy(false, 2, 600),
        HOLD,
        50_000,
        null);
  }
}
