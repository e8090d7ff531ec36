package io.reelay.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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

  public BenchScenarios(BenchTarget target, PrintStreamLog log) {
    this.target = target;
    this.log = log;
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
    log.line(String.format("admission: %.0f/s → p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, not 201: %s",
        rate, result.percentileMillis(50), result.percentileMillis(95), result.percentileMillis(99),
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
    LoadResult result =
        new ClosedLoopLoad(http, 200)
            .run(clients, duration, i -> get("/v1/generations/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))));
    log.line(String.format("reads: %.0f req/s, p50 %.2f ms, p99 %.2f ms, failed %s",
        result.throughputPerSecond(), result.percentileMillis(50), result.percentileMillis(99), result.failuresByStatus()));
    return result;
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
    ProcessReading worker = ProcessReading.of(target.appPid(), target.jcmd());
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

  /** How many activities a generation of this model ran, read from its workflow history. */
  public int activitiesPerGeneration(String generationId) {
    return (int)
        target.temporal()
            .fetchHistory("generation-" + generationId)
            .getEvents()
            .stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .count();
  }

  /**
   * {@code count} bare workflows of {@code activities} no-op activities each, started by {@code
   * starters} threads on the bare worker's task queue: workflows completed per second.
   */
  public double baseline(int activities, int count, int starters, String runLabel) throws Exception {
    log.line("baseline: " + count + " bare workflows × " + activities + " activities");
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
                                  .setWorkflowId("bare-" + runLabel + "-" + activities + "-" + i)
                                  .build());
                  WorkflowClient.start(workflow::run, activities);
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

  // ---------------------------------------------------------------- plumbing

  private List<String> createAll(int count, int creators, java.util.function.IntFunction<HttpRequest> request)
      throws InterruptedException {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < creators; c++) {
      Thread creator =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < count && problems.isEmpty(); i = next.getAndIncrement()) {
                  try {
                    HttpResponse<String> response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
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
    if (!problems.isEmpty()) {
      throw new IllegalStateException(problems.get(0));
    }
    return List.copyOf(ids);
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
