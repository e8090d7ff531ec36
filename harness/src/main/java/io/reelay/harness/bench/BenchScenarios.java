package io.reelay.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.harness.chaos.StackDatabase;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's scenarios against one running stack. Each returns its numbers by name; {@link
 * BenchRun} runs them three times and prints min / median / max.
 */
public final class BenchScenarios {

  /** What Reelay's workflow is called in Temporal (the interface's simple name). */
  static final String GENERATION_WORKFLOW = "GenerationWorkflow";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final double P99_BUDGET_MILLIS = 100;

  private final BenchTarget target;
  private final HttpClient http;
  private final PrintStreamLog log;
  private final Optional<WrkLoad> wrk;

  /** {@code wrk}: the read loads' generator when given; without it, the JDK client's {@link ClosedLoopLoad}. */
  public BenchScenarios(BenchTarget target, PrintStreamLog log, Optional<WrkLoad> wrk) {
    this.target = target;
    this.log = log;
    this.wrk = wrk;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** One line of progress on the console. */
  public interface PrintStreamLog {
    void line(String text);
  }

  // ---------------------------------------------------------------- 1. admission

  /** The rates the issue asks about; each is measured whatever the search below finds. */
  static final List<Double> REPORTED_RATES = List.of(10.0, 50.0, 100.0);
  /** The search for the highest rate that holds p99 under 100 ms climbs this ladder. */
  static final List<Double> LADDER = List.of(2.0, 5.0, 10.0, 20.0, 30.0, 50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 400.0);

  /**
   * POST /v1/generations at a constant rate for one step each: up the ladder until p99 goes over
   * 100 ms or a request fails (then one bisection), and always 10, 50 and 100 per second. The stack
   * drains between steps, so each step starts from rest and measures what that rate sustains.
   */
  public Map<String, Double> admission(Duration step) throws Exception {
    Map<String, Double> numbers = new LinkedHashMap<>();
    OpenLoopLoad load = new OpenLoopLoad(http, 201);
    log.line("admission: warm-up at 5/s");
    load.run(5, Duration.ofSeconds(10), i -> create("sim-fast", "bench warm-up " + i));
    drain(Duration.ofMinutes(5));
    double highestPassing = 0;
    double firstFailing = 0;
    for (double rate : LADDER) {
      boolean reported = REPORTED_RATES.contains(rate);
      if (firstFailing > 0 && !reported) {
        continue;
      }
      LoadResult result = admissionStep(load, rate, step);
      if (reported) {
        String at = String.format("%.0f", rate);
        numbers.put("admission " + at + "/s p50 ms", result.percentileMillis(50));
        numbers.put("admission " + at + "/s p95 ms", result.percentileMillis(95));
        numbers.put("admission " + at + "/s p99 ms", result.percentileMillis(99));
        numbers.put("admission " + at + "/s not 201 in time", (double) result.failed());
      }
      if (firstFailing == 0) {
        if (passes(result)) {
          highestPassing = rate;
        } else {
          firstFailing = rate;
        }
      }
      if (firstFailing > 0 && rate >= REPORTED_RATES.get(REPORTED_RATES.size() - 1)) {
        break;
      }
    }
    double middle = Math.round((highestPassing + firstFailing) / 2);
    if (firstFailing > 0 && middle > highestPassing && middle < firstFailing) {
      if (passes(admissionStep(load, middle, step))) {
        highestPassing = middle;
      }
    }
    numbers.put("admission: highest rate with p99 < 100 ms (req/s)", highestPassing);
    return numbers;
  }

  private LoadResult admissionStep(OpenLoopLoad load, double rate, Duration step) throws Exception {
    LoadResult result = load.run(rate, step, i -> create("sim-fast", "bench admission " + i));
    log.line(String.format("admission: %s/s → p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, not 201: %s",
        BenchTable.format(rate), result.percentileMillis(50), result.percentileMillis(95), result.percentileMillis(99),
        result.failuresByStatus()));
    drain(Duration.ofMinutes(15));
    return result;
  }

  private static boolean passes(LoadResult result) {
    return result.failed() == 0 && result.percentileMillis(99) < P99_BUDGET_MILLIS;
  }

  // ---------------------------------------------------------------- 2. throughput

  /** Result of running a batch of generations to the end. */
  public record Batch(List<String> ids, Instant firstSent, Instant lastClosed, int failed) {
    double perSecond() {
      return ids.size() / (Duration.between(firstSent, lastClosed).toMillis() / 1000.0);
    }
  }

  /**
   * {@code count} generations created by {@code creators} clients as fast as the API takes them,
   * then timed until the last workflow closed: completed generations per second, end to end.
   */
  public Batch throughput(String model, int count, int creators) throws Exception {
    log.line("throughput: " + count + " × " + model);
    Instant start = Instant.now();
    List<String> ids = createAll(count, creators, i -> create(model, "bench throughput " + model + " " + i));
    Instant lastClosed = awaitClosed(start, Duration.ofMinutes(20));
    int failed = countNotCompleted(ids);
    Batch batch = new Batch(ids, start, lastClosed, failed);
    log.line(String.format("throughput: %s %.1f generations/s (%d not completed)", model, batch.perSecond(), failed));
    return batch;
  }

  // ---------------------------------------------------------------- 3. reads

  /** GET /v1/generations/{id} over existing generations from {@code clients} closed-loop clients. */
  public LoadResult reads(List<String> ids, int clients, Duration duration) throws InterruptedException {
    LoadResult result = readLoad(ids, clients, duration);
    log.line(String.format("reads: %.0f req/s, p50 %.2f ms, p99 %.2f ms, failed %s",
        result.throughputPerSecond(), result.percentileMillis(50), result.percentileMillis(99), result.failuresByStatus()));
    return result;
  }

  private LoadResult readLoad(List<String> ids, int clients, Duration duration) throws InterruptedException {
    if (wrk.isPresent()) {
      try {
        return wrk.get().run(target.api(), "/v1/generations/", ids, target.apiKey(), clients, duration);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return new ClosedLoopLoad(http, 200)
        .run(clients, duration, i -> get("/v1/generations/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))));
  }

  static final String LOADED_READS_PROMPT = "bench reads while generating ";
  /**
   * The creates start this long before the read window opens, so generations are in every step of
   * the pipeline when it does, and go on this long after it closes.
   */
  static final Duration LOADED_READS_MARGIN = Duration.ofSeconds(5);

  /**
   * The reads above while an open-loop stream of sim-fast creates keeps the pipeline busy: the
   * stream starts {@link #LOADED_READS_MARGIN} before the read window and ends as long after it.
   * Then the stack drains, so the next scenario starts from rest.
   */
  public Map<String, Double> readsWhileGenerating(List<String> ids, int clients, double createRate, Duration window)
      throws Exception {
    if (!(createRate > 0)) {
      throw new IllegalArgumentException("the creates' rate must be above 0, not " + createRate);
    }
    log.line(String.format("reads while generations run: %d clients for %d s, sim-fast creates at %s/s",
        clients, window.toSeconds(), BenchTable.format(createRate)));
    CountDownLatch streaming = new CountDownLatch(1);
    FutureTask<LoadResult> stream =
        new FutureTask<>(
            () ->
                new OpenLoopLoad(http, 201)
                    .run(createRate, LOADED_READS_MARGIN.plus(window).plus(LOADED_READS_MARGIN),
                        i -> {
                          streaming.countDown(); // the first create is due now
                          return create("sim-fast", LOADED_READS_PROMPT + i);
                        }));
    new Thread(stream, "bench-create-stream").start();
    streaming.await();
    Thread.sleep(LOADED_READS_MARGIN.toMillis());
    Optional<AppMetrics> before = appMetrics(target.api());
    Instant opened = Instant.now();
    LoadResult reads = readLoad(ids, clients, window);
    Instant closed = Instant.now();
    Optional<AppMetrics> after = appMetrics(target.api());
    LoadResult creates = stream.get();
    long completed = new StackDatabase(target.jdbcUrl()).completedBetween(target.accountId(), opened, closed);
    log.line(String.format("reads while generations run: %.0f req/s, p50 %.2f ms, p99 %.2f ms, failed %s;"
            + " %d generations completed in the window; creates not 201: %s",
        reads.throughputPerSecond(), reads.percentileMillis(50), reads.percentileMillis(99), reads.failuresByStatus(),
        completed, creates.failuresByStatus()));
    drain(Duration.ofMinutes(15));
    Map<String, Double> numbers = new LinkedHashMap<>();
    String prefix = "reads while generations run: ";
    numbers.put(prefix + "creates (creates/s)", createRate);
    numbers.put(prefix + "GET by id, " + clients + " clients (req/s)", reads.throughputPerSecond());
    numbers.put(prefix + "p50 ms", reads.percentileMillis(50));
    numbers.put(prefix + "p99 ms", reads.percentileMillis(99));
    numbers.put(prefix + "failed", (double) reads.failed());
    numbers.put(prefix + "generations completed in the window", (double) completed);
    numbers.put(prefix + "creates not 201", (double) creates.failed());
    if (before.isPresent() && after.isPresent()) {
      numbers.putAll(pauses(prefix, before.get(), after.get()));
    }
    return numbers;
  }

  // ---------------------------------------------------------------- 4. capacity

  /** What the capacity scenario read off the worker. */
  public record Capacity(int inFlight, ProcessReading worker, Duration drain, int failed) {}

  /**
   * {@code count} sim-fast generations that all become ready at one moment, so they wait for their
   * callbacks together: the worker's memory and threads with all of them in flight, then the time
   * from that moment until the last one closed. The sim finishes each job at the moment given by
   * its {@code [sim:delay=N]} marker, computed per request from the shared due time.
   */
  public Capacity capacity(int count, int creators, double expectedCreationsPerSecond) throws Exception {
    Duration creationBudget = Duration.ofSeconds(Math.round(count / expectedCreationsPerSecond * 1.5) + 30);
    Instant due = Instant.now().plus(creationBudget);
    log.line("capacity: creating " + count + " generations, all due at " + due + " (in " + creationBudget.toSeconds() + " s)");
    Instant start = Instant.now();
    List<String> ids =
        createAll(
            count,
            creators,
            i -> {
              long delay = Math.max(0, Duration.between(Instant.now(), due).toSeconds());
              return create("sim-fast", "bench capacity " + i + " [sim:delay=" + delay + "]");
            });
    Instant created = Instant.now();
    if (created.isAfter(due.minusSeconds(10))) {
      throw new IllegalStateException("creating took longer than the budget; lower the count or the expected rate");
    }
    long running = target.temporal().countWorkflows(running(start)).getCount();
    ProcessReading worker = ProcessReading.of(target.workerPid(), target.jcmd());
    log.line(String.format("capacity: %d in flight; worker RSS %d MB, heap (live) %d MB, %d threads",
        running, worker.rssBytes() >> 20, worker.heapUsedBytes() >> 20, worker.threads()));
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()));
    Instant lastClosed = awaitClosed(start, Duration.ofMinutes(60));
    Duration drain = Duration.between(due, lastClosed);
    int failed = countNotCompleted(ids);
    log.line(String.format("capacity: drained %d in %.1f s (%d not completed)", count, drain.toMillis() / 1000.0, failed));
    return new Capacity((int) running, worker, drain, failed);
  }

  // ---------------------------------------------------------------- 5. baseline

  /**
   * The activities a generation ran, read from its workflow history: those scheduled as tasks on
   * queues and the local ones (recorded as markers).
   */
  public Steps stepsPerGeneration(String generationId) {
    List<HistoryEvent> events = target.temporal().fetchHistory("generation-" + generationId).getEvents();
    long queued = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).count();
    long local =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
            .filter(e -> e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
            .count();
    return new Steps((int) queued, (int) local);
  }

  /** A workflow's activities: {@code queued} as tasks on a queue, {@code local} in its own tasks. */
  public record Steps(int queued, int local) {
    @Override
    public String toString() {
      return queued + " no-op activities" + (local == 0 ? "" : " + " + local + " local");
    }
  }

  /**
   * {@code count} bare workflows of {@code steps} no-op activities each, started by {@code
   * starters} threads on the bare worker's task queue: workflows completed per second.
   */
  public double baseline(Steps steps, int count, int starters, String runLabel) throws Exception {
    log.line("baseline: " + count + " bare workflows × " + steps);
    Instant start = Instant.now();
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < starters; s++) {
      Thread starter =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  BareWorkflow workflow =
                      target.temporal()
                          .newWorkflowStub(
                              BareWorkflow.class,
                              WorkflowOptions.newBuilder()
                                  .setTaskQueue(BareWorkflow.TASK_QUEUE)
                                  .setWorkflowId("bare-" + runLabel + "-" + steps.queued() + "-" + steps.local() + "-" + i)
                                  .build());
                  WorkflowClient.start(workflow::run, steps.queued(), steps.local());
                }
              });
      threads.add(starter);
      starter.start();
    }
    for (Thread starter : threads) {
      starter.join();
    }
    String query = "WorkflowType='BareWorkflow' AND StartTime >= '" + start + "'";
    Instant lastClosed = awaitClosed(query, count, Duration.ofMinutes(20));
    double perSecond = count / (Duration.between(start, lastClosed).toMillis() / 1000.0);
    log.line(String.format("baseline: %.1f workflows/s", perSecond));
    return perSecond;
  }

  // ---------------------------------------------------------------- 6. unloaded admission

  /**
   * POST /v1/generations at a low rate (e.g. one every 2 s) on a stack at rest: what a create costs
   * when nothing else runs. Each generation runs to its end within about a second, so the creates
   * hardly overlap with other work.
   */
  public LoadResult unloadedAdmission(double rate, Duration duration) throws Exception {
    log.line("unloaded admission: " + BenchTable.format(rate) + "/s for " + duration.toSeconds() + " s");
    return admissionStep(new OpenLoopLoad(http, 201), rate, duration);
  }

  // ---------------------------------------------------------------- 7. callback -> completed

  /** Callback-to-completed latencies, in microseconds, and the samples that gave no reading. */
  public record CallbackLatencies(Histogram toVisibleMicros, Histogram toRecordedMicros, int missed) {}

  /** The simulated job's render time: long enough that the tight polling starts before the callback. */
  static final int CALLBACK_DELAY_SECONDS = 2;
  /** The first samples warm the app's code paths and are not counted. */
  static final int CALLBACK_WARM_UP = 2;

  /**
   * One sim-fast generation at a time, its simulated job finishing {@value CALLBACK_DELAY_SECONDS}
   * s after submission ({@code [sim:delay=N]}), so its workflow waits for the simulator's callback.
   * From shortly before the job can finish, {@code GET /v1/generations/{id}} every {@code
   * pollEvery} until it shows {@code completed}; then the timeline says when the callback arrived.
   */
  public CallbackLatencies callbackToCompleted(int samples, Duration pollEvery) throws Exception {
    log.line("callback → completed: " + samples + " generations one at a time, polled every " + pollEvery.toMillis() + " ms");
    Histogram toVisible = new Histogram(3);
    Histogram toRecorded = new Histogram(3);
    int missed = 0;
    for (int i = 0; i < CALLBACK_WARM_UP + samples; i++) {
      Instant created = Instant.now();
      HttpResponse<String> answer =
          http.send(create("sim-fast", "bench callback " + i + " [sim:delay=" + CALLBACK_DELAY_SECONDS + "]"),
              HttpResponse.BodyHandlers.ofString());
      Optional<CallbackSample> sample = Optional.empty();
      if (answer.statusCode() == 201 || answer.statusCode() == 202) {
        String id = JSON.readTree(answer.body()).get("id").asText();
        // the job cannot finish before its submission (after the create) plus its delay
        sleepUntil(created.plusSeconds(CALLBACK_DELAY_SECONDS).minusMillis(300));
        Instant seen = firstSeenCompleted(id, pollEvery, Duration.ofSeconds(60));
        if (seen != null) {
          sample = CallbackSample.of(JSON.readTree(http.send(get("/v1/generations/" + id + "/events"),
              HttpResponse.BodyHandlers.ofString()).body()), seen);
        }
      }
      if (i < CALLBACK_WARM_UP) {
        continue;
      }
      if (sample.isPresent()) {
        toVisible.recordValue(Math.max(1, sample.get().toVisible().toNanos() / 1000));
        toRecorded.recordValue(Math.max(1, sample.get().toRecorded().toNanos() / 1000));
      } else {
        missed++;
      }
    }
    log.line(String.format("callback → completed: visible p50 %.1f ms, p99 %.1f ms; recorded p50 %.1f ms, p99 %.1f ms; no reading: %d",
        LoadResult.millisAt(toVisible, 50), LoadResult.millisAt(toVisible, 99),
        LoadResult.millisAt(toRecorded, 50), LoadResult.millisAt(toRecorded, 99), missed));
    return new CallbackLatencies(toVisible, toRecorded, missed);
  }

  /** When a read first showed the generation completed; null if it ended otherwise or took too long. */
  private Instant firstSeenCompleted(String id, Duration pollEvery, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> read = http.send(get("/v1/generations/" + id), HttpResponse.BodyHandlers.ofString());
      Instant answered = Instant.now();
      String status = read.statusCode() == 200 ? JSON.readTree(read.body()).path("status").asText() : "";
      if (status.equals("completed")) {
        return answered;
      }
      if (BurstSettlement.TERMINAL.contains(status)) {
        return null;
      }
      Thread.sleep(pollEvery.toMillis());
    }
    return null;
  }

  private static void sleepUntil(Instant moment) throws InterruptedException {
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), moment).toMillis()));
  }

  // ---------------------------------------------------------------- 8. burst

  static final String BURST_PROMPT = "bench burst ";

  /**
   * An open-loop burst of sim-fast creates: how each was answered ({@link BurstTally}), then, once
   * every generation of the burst has ended (or {@code settleTimeout} passed), how they ended and
   * what they were charged ({@link BurstSettlement}).
   */
  public Map<String, Double> burst(double rate, Duration duration, Duration settleTimeout) throws Exception {
    log.line(String.format("burst: %s creates/s for %d s", BenchTable.format(rate), duration.toSeconds()));
    Instant start = Instant.now();
    Optional<AppMetrics> before = appMetrics(target.api());
    Optional<AppMetrics> workerBefore = target.workerApart() ? appMetrics(target.worker()) : before;
    List<OpenLoopLoad.Answer> answers = new OpenLoopLoad(http, 201).send(rate, duration, i -> create("sim-fast", BURST_PROMPT + i));
    BurstTally tally = BurstTally.of(answers);
    Optional<AppMetrics> after = appMetrics(target.api());
    Optional<AppMetrics> workerAfter = target.workerApart() ? appMetrics(target.worker()) : after;
    Map<String, Double> inside =
        before.isPresent() && after.isPresent() && workerBefore.isPresent() && workerAfter.isPresent()
            ? insideTheApp(before.get(), after.get(), workerBefore.get(), workerAfter.get())
            : Map.of();
    log.line(String.format("burst: %d sent, %d answered within 1 s; admitted %d (p50 %.1f ms, p99 %.1f ms), shed %d (%d without Retry-After), other %s",
        tally.requests(), tally.answeredInTime(), tally.admitted(), tally.admittedMillisAt(50), tally.admittedMillisAt(99),
        tally.shed(), tally.shedWithoutRetryAfter(), tally.otherByStatus()));
    log.line("burst: admitted p99 ms per 10 s: " + BurstTally.admittedMillisBySlice(answers, rate, 10, 99).stream()
        .map(ms -> ms.isNaN() ? "-" : String.format("%.0f", ms)).collect(Collectors.joining(" ")));
    StackDatabase db = new StackDatabase(target.jdbcUrl());
    Map<String, String> statuses = awaitBurstEnded(db, start, settleTimeout);
    BurstSettlement settled =
        BurstSettlement.of(tally.admittedIds(), statuses, db.captures(target.accountId()), db.money(target.accountId()), balanceMicros());
    log.line(String.format("burst: of %d admitted %d completed, %d ended otherwise, %d not ended; %d generations started;"
            + " completed but not captured once %d, charged but not completed %d; balance off by %d µUSD, still reserved %d µUSD",
        tally.admitted(), settled.completed(), settled.endedOtherwise(), settled.notTerminal(), settled.started(),
        settled.completedNotCapturedOnce(), settled.capturedNotCompleted(), settled.balanceOffMicros(), settled.reservedMicros()));
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put("burst: rate (creates/s)", rate);
    numbers.put("burst: creates sent", (double) tally.requests());
    numbers.put("burst: answered within 1 s", (double) tally.answeredInTime());
    numbers.put("burst: answered later or not at all", (double) tally.answeredLateOrNot());
    numbers.put("burst: admitted (201)", (double) tally.admitted());
    numbers.put("burst: admitted p50 ms", tally.admittedMillisAt(50));
    numbers.put("burst: admitted p99 ms", tally.admittedMillisAt(99));
    numbers.putAll(inside);
    numbers.put("burst: shed (503 OVERLOADED)", (double) tally.shed());
    numbers.put("burst: shed without Retry-After", (double) tally.shedWithoutRetryAfter());
    tally.otherByStatus().forEach((status, count) ->
        numbers.put(status == OpenLoopLoad.Answer.NONE ? "burst: no answer" : "burst: answered " + status, (double) count));
    numbers.put("burst: admitted, completed", (double) settled.completed());
    numbers.put("burst: admitted, ended otherwise", (double) settled.endedOtherwise());
    numbers.put("burst: admitted, not ended after " + settleTimeout.toMinutes() + " min", (double) settled.notTerminal());
    numbers.put("burst: generations started (account's)", (double) settled.started());
    numbers.put("burst: generations started beyond the admitted", (double) (settled.started() - tally.admitted()));
    numbers.put("burst: completed, not captured exactly once", (double) settled.completedNotCapturedOnce());
    numbers.put("burst: charged, not completed", (double) settled.capturedNotCompleted());
    numbers.put("burst: balance − (credit − captures) (USD)", settled.balanceOffMicros() / 1e6);
    numbers.put("burst: still reserved (USD)", settled.reservedMicros() / 1e6);
    return numbers;
  }

  /** A process's /metrics; empty (and said on the console) for an app without them, e.g. an older build. */
  private Optional<AppMetrics> appMetrics(URI process) {
    try {
      HttpResponse<String> response =
          http.send(HttpRequest.newBuilder(process.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET /metrics answered " + response.statusCode());
      }
      return Optional.of(AppMetrics.parse(response.body()));
    } catch (IOException e) {
      log.line("no breakdown inside the app from " + process + " (" + e.getMessage() + ")");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Where an admitted create's time went inside the app during the burst, from its /metrics: the
   * app's own admission time (from the request's arrival, so without the client's queues), and the
   * means of its parts that wait on something shared: the workflow's start (a round trip to
   * Temporal) and a PostgreSQL connection from the pool (which the workers' activities share).
   * Also how long workflow tasks waited for the worker (from the worker's process): how far behind
   * the pipeline ran.
   */
  private Map<String, Double> insideTheApp(AppMetrics before, AppMetrics after, AppMetrics workerBefore, AppMetrics workerAfter) {
    Predicate<String> admitted = labels -> labels.contains("outcome=\"admitted\"");
    Predicate<String> any = labels -> true;
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put("burst: admitted, time in the app p50 ms", after.quantileMillisSince(before, "reelay_admission_seconds", admitted, 0.50));
    numbers.put("burst: admitted, time in the app p99 ms", after.quantileMillisSince(before, "reelay_admission_seconds", admitted, 0.99));
    Predicate<String> start = labels -> labels.contains("operation=\"StartWorkflowExecution\"");
    numbers.put("burst: workflow start (StartWorkflowExecution) mean ms",
        after.meanMillisSince(before, "temporal_request_latency_seconds", start));
    // the SDK's timer is a histogram; NaN (left out) when an app has no start in the window
    numbers.put("burst: workflow start p99 ms", after.quantileMillisSince(before, "temporal_request_latency_seconds", start, 0.99));
    numbers.put("burst: PostgreSQL connection wait (pool) mean ms", after.meanMillisSince(before, "hikaricp_connections_acquire_seconds", any));
    numbers.putAll(pauses("burst: ", before, after));
    numbers.put("burst: workflow task schedule-to-start mean ms",
        workerAfter.meanMillisSince(workerBefore, "temporal_workflow_task_schedule_to_start_latency_seconds", any));
    numbers.values().removeIf(value -> value.isNaN());
    return numbers;
  }

  /**
   * The API process's garbage-collection pauses between two readings: every request in flight
   * waits them out, so they land in the high percentiles.
   */
  private static Map<String, Double> pauses(String prefix, AppMetrics before, AppMetrics after) {
    Predicate<String> any = labels -> true;
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put(prefix + "API's GC pauses", after.growthSince(before, "jvm_gc_pause_seconds_count", any));
    numbers.put(prefix + "API's GC pauses, total ms", after.growthSince(before, "jvm_gc_pause_seconds_sum", any) * 1000);
    return numbers;
  }

  /**
   * Waits until no generation workflow started since then runs and every generation of the burst
   * the account has is in a final status; answers their statuses by id (as they are at the deadline
   * if that comes first).
   */
  private Map<String, String> awaitBurstEnded(StackDatabase db, Instant since, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, String> statuses = db.statuses(target.accountId(), BURST_PROMPT);
      boolean ended = target.temporal().countWorkflows(running(since)).getCount() == 0 && BurstSettlement.allEnded(statuses.values());
      if (ended || System.nanoTime() > deadline) {
        return statuses;
      }
      Thread.sleep(2000);
    }
  }

  private long balanceMicros() throws IOException, InterruptedException {
    JsonNode balance = JSON.readTree(http.send(get("/v1/balance"), HttpResponse.BodyHandlers.ofString()).body());
    return balance.get("balance_usd").decimalValue().movePointRight(6).longValueExact();
  }

  // ---------------------------------------------------------------- plumbing

  private List<String> createAll(int count, int creators, java.util.function.IntFunction<HttpRequest> request)
      throws InterruptedException {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger shedAndRetried = new AtomicInteger();
    for (int c = 0; c < creators; c++) {
      Thread creator =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < count && problems.isEmpty(); i = next.getAndIncrement()) {
                  try {
                    HttpResponse<String> response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
                    while (shed(response)) {
                      // as a client should: wait as told, then the same request again
                      shedAndRetried.incrementAndGet();
                      Thread.sleep(1000 * response.headers().firstValueAsLong("Retry-After").orElse(1));
                      response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
                    }
                    if (response.statusCode() != 201 && response.statusCode() != 202) {
                      problems.add("create answered " + response.statusCode() + ": " + response.body());
                      return;
                    }
                    ids.add(JSON.readTree(response.body()).get("id").asText());
                  } catch (IOException | InterruptedException e) {
                    problems.add("create failed: " + e);
                    return;
                  }
                }
              });
      threads.add(creator);
      creator.start();
    }
    for (Thread creator : threads) {
      creator.join();
    }
    if (shedAndRetried.get() > 0) {
      log.line("  " + shedAndRetried.get() + " creates were shed (503 OVERLOADED) and sent again after Retry-After");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(problems.get(0));
    }
    return List.copyOf(ids);
  }

  private static boolean shed(HttpResponse<String> response) throws IOException {
    return response.statusCode() == 503
        && BurstTally.OVERLOADED.equals(JSON.readTree(response.body()).path("error").path("code").asText());
  }

  private String running(Instant since) {
    return "WorkflowType='" + GENERATION_WORKFLOW + "' AND ReelayAccount='" + target.accountId()
        + "' AND ExecutionStatus='Running' AND StartTime >= '" + since + "'";
  }

  /** Waits until every generation workflow of the account started since then has closed. */
  private Instant awaitClosed(Instant since, Duration timeout) throws InterruptedException {
    String query = "WorkflowType='" + GENERATION_WORKFLOW + "' AND ReelayAccount='" + target.accountId()
        + "' AND StartTime >= '" + since + "'";
    return awaitClosed(query, -1, timeout);
  }

  /** Waits until no execution matching the query runs (and, if given, that many have closed). */
  private Instant awaitClosed(String query, int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long running = target.temporal().countWorkflows(query + " AND ExecutionStatus='Running'").getCount();
      if (running == 0) {
        List<WorkflowExecutionMetadata> closed = target.temporal().listExecutions(query).collect(Collectors.toList());
        if (expected < 0 || closed.size() >= expected) {
          return closed.stream()
              .map(WorkflowExecutionMetadata::getCloseTime)
              .filter(java.util.Objects::nonNull)
              .max(Instant::compareTo)
              .orElseThrow(() -> new IllegalStateException("nothing closed for " + query));
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("still running after " + timeout + ": " + query);
  }

  /** Waits until no generation of the account is running (so the next step starts from rest). */
  private void drain(Duration timeout) throws InterruptedException {
    awaitClosed(Instant.EPOCH, timeout);
  }

  private int countNotCompleted(List<String> ids) throws IOException, InterruptedException {
    int notCompleted = 0;
    for (String id : ids) {
      HttpResponse<String> response = http.send(get("/v1/generations/" + id), HttpResponse.BodyHandlers.ofString());
      JsonNode view = JSON.readTree(response.body());
      if (!"completed".equals(view.path("status").asText())) {
        notCompleted++;
      }
    }
    return notCompleted;
  }

  /**
   * A one-second 480p generation. The seed is fixed so the simulator renders its video once and
   * serves it from its cache: rendering a new MP4 per job would measure the simulator's encoder.
   */
  HttpRequest create(String model, String prompt) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("model", model, "prompt", prompt, "duration_seconds", 1, "resolution", "480p", "seed", 7));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return HttpRequest.newBuilder(target.api().resolve("/v1/generations"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + target.apiKey())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(target.api().resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + target.apiKey())
        .GET()
        .build();
  }
}
