package io.reelay.harness.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import io.reelay.stack.TemporalEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./reelay bench}: every scenario against a stack of its own (the Temporal dev server,
 * PostgreSQL and the app, each its own process, the simulator's render delay at zero), three runs
 * on three fresh stacks, then a table of min / median / max.
 */
public final class BenchRun {

  /** The app's settings for a benchmark: no render delay, and no limit that is not Reelay's own. */
  static final Map<String, String> BENCH_ENVIRONMENT =
      Map.of(
          "REELAY_SIM_DELAY_SECONDS", "0",
          // one key sends thousands of requests a minute here
          "REELAY_RATE_LIMIT_PER_MINUTE", "10000000",
          "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "10000000",
          // sim-fast waits for its callback; its fallback poll would otherwise fire every 30 s for each
          // of the capacity scenario's 10,000 waiting generations (and every 5 min it still rescues a
          // generation whose callbacks all timed out while the stack was overloaded)
          "REELAY_SIM_FAST_POLL_SECONDS", "300",
          "REELAY_SIM_DEADLINE_SECONDS", "7200");

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    say("app on " + options.java() + " " + String.join(" ", options.appJvmOptions())
        + (options.appEnvironment().isEmpty() ? "" : " with " + options.appEnvironment())
        + "; " + options.engineDescription()
        + options.appRoot().map(root -> "; the app built in " + root).orElse(""));
    List<Map<String, Double>> runs = new ArrayList<>();
    for (int run = 1; run <= options.runs(); run++) {
      say("run " + run + " of " + options.runs());
      Path workDir = options.workDir().resolve("run-" + run);
      StackOptions stackOptions =
          StackOptions.in(workDir)
              .withJava(options.java())
              .withAppJvmOptions(options.appJvmOptions())
              .withAppEnvironment(BENCH_ENVIRONMENT)
              .withAppEnvironment(options.appEnvironment())
              .withTemporalOptions(options.devServerOptions())
              .withEngine(options.engine());
      if (options.appRoot().isPresent()) {
        stackOptions = appFrom(options.appRoot().get(), stackOptions);
      }
      try (ReelayStack stack = ReelayStack.start(stackOptions);
          BareWorkerProcess bareWorker =
              options.skipBaseline() ? null : BareWorkerProcess.start(stack.temporalTarget(), options, workDir)) {
        runs.add(runOnce(options, stack, run));
      }
      if (!options.keepState()) {
        long freed = ReelayStack.discardState(workDir);
        say("deleted the run's stack state (" + freed / 1048576 + " MB; --keep-state keeps it), logs stay in " + workDir);
      }
      System.out.println(BenchTable.markdown(runs));
    }
    System.out.println();
    System.out.println("## Reelay bench: " + runs.size() + " runs, app on Java "
        + javaVersion(options.java()) + " " + String.join(" ", options.appJvmOptions())
        + (options.appEnvironment().isEmpty() ? "" : ", " + options.appEnvironment())
        + ", " + options.engineDescription()
        + options.appRoot().map(root -> ", the app built in " + root).orElse(""));
    System.out.println();
    System.out.println(BenchTable.markdown(runs));
  }

  static Map<String, Double> runOnce(BenchOptions options, ReelayStack stack, int run) throws Exception {
    WorkflowClient temporal =
        WorkflowClient.newInstance(
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build()));
    ReelayStack.Account account = stack.newAccount("bench run " + run, "1000000");
    BenchTarget target =
        new BenchTarget(
            URI.create(stack.baseUrl()), account.apiKey(), account.accountId(), temporal, stack.appPid(),
            Path.of(options.java()).resolveSibling("jcmd"), stack.jdbcUrl());
    BenchScenarios scenarios = new BenchScenarios(target, BenchRun::say);
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.putAll(unloadedMeasures(options.door(), scenarios));
    if (!options.skipAdmission()) {
      numbers.putAll(scenarios.admission(options.step()));
    }
    BenchScenarios.Batch fast = scenarios.throughput("sim-fast", options.throughputCount(), options.creators());
    numbers.put("throughput sim-fast (generations/s)", fast.perSecond());
    BenchScenarios.Batch poll = scenarios.throughput("sim-poll", options.throughputCount(), options.creators());
    numbers.put("throughput sim-poll (generations/s)", poll.perSecond());
    numbers.put("not completed (throughput)", (double) (fast.failed() + poll.failed()));
    if (!options.skipBaseline()) {
      int fastActivities = scenarios.activitiesPerGeneration(fast.ids().get(0));
      double bareFast = scenarios.baseline(fastActivities, options.throughputCount(), options.creators(), "r" + run + "-fast");
      numbers.put("baseline for sim-fast: bare workflow, " + fastActivities + " no-op activities (workflows/s)", bareFast);
      numbers.put("sim-fast ÷ baseline", fast.perSecond() / bareFast);
      int pollActivities = scenarios.activitiesPerGeneration(poll.ids().get(0));
      double barePoll = scenarios.baseline(pollActivities, options.throughputCount(), options.creators(), "r" + run + "-poll");
      numbers.put("baseline for sim-poll: bare workflow, " + pollActivities + " no-op activities (workflows/s)", barePoll);
      numbers.put("sim-poll ÷ baseline", poll.perSecond() / barePoll);
    }
    LoadResult reads = scenarios.reads(fast.ids(), 32, options.step());
    numbers.put("reads: GET by id, 32 clients (req/s)", reads.throughputPerSecond());
    numbers.put("reads: p99 ms", reads.percentileMillis(99));
    numbers.put("reads: failed", (double) reads.failed());
    if (options.loadedReads().window().compareTo(Duration.ZERO) > 0) {
      double rate = options.loadedReads().createRate() > 0
          ? options.loadedReads().createRate() : LOADED_READS_TIMES_THROUGHPUT * fast.perSecond();
      numbers.putAll(scenarios.readsWhileGenerating(fast.ids(), 32, rate, options.loadedReads().window()));
    }
    if (options.door().burst().compareTo(Duration.ZERO) > 0) {
      double rate = options.door().burstRate() > 0 ? options.door().burstRate() : BURST_TIMES_THROUGHPUT * fast.perSecond();
      numbers.putAll(scenarios.burst(rate, options.door().burst(), options.door().burstSettle()));
    }
    // the capacity scenario takes longest; --capacity-runs 1 keeps it to the last run
    if (options.capacity() > 0 && run > options.runs() - options.capacityRuns()) {
      BenchScenarios.Capacity capacity =
          scenarios.capacity(options.capacity(), options.creators(), fast.perSecond());
      numbers.put("capacity: in flight", (double) capacity.inFlight());
      numbers.put("capacity: worker RSS (MB)", capacity.worker().rssBytes() / 1048576.0);
      numbers.put("capacity: worker heap, live (MB)", capacity.worker().heapUsedBytes() / 1048576.0);
      numbers.put("capacity: worker threads", (double) capacity.worker().threads());
      numbers.put("capacity: drain after the last callback is due (s)", capacity.drain().toMillis() / 1000.0);
      numbers.put("capacity: not completed", (double) capacity.failed());
    }
    temporal.getWorkflowServiceStubs().shutdown();
    return numbers;
  }

  /**
   * The stack as given, but the app (and PostgreSQL's launcher, which is the app's) from the build
   * in another checkout, e.g. an older commit's for a "before"; the tools still come from this one.
   * The layout is the one {@code ./reelay up} runs (StackOptions keeps its own copy package-private).
   */
  static StackOptions appFrom(Path appRoot, StackOptions options) {
    Path jar = appRoot.resolve("app/target/reelay-app.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " is missing: build that checkout first (mvn -DskipTests package)");
    }
    return options.withClasspath(jar + File.pathSeparator + appRoot.resolve("app/target/lib") + File.separator + "*");
  }

  /** The burst offers this many times the sim-fast throughput the same run measured. */
  static final double BURST_TIMES_THROUGHPUT = 3;
  /** The creates under the reads while generations run: half the run's sim-fast throughput, a load the pipeline sustains. */
  static final double LOADED_READS_TIMES_THROUGHPUT = 0.5;

  /** Callback to completed, then unloaded admission: both on the stack at rest, before any load. */
  static Map<String, Double> unloadedMeasures(DoorOptions door, BenchScenarios scenarios) throws Exception {
    Map<String, Double> numbers = new LinkedHashMap<>();
    if (door.callbackSamples() > 0) {
      BenchScenarios.CallbackLatencies callback = scenarios.callbackToCompleted(door.callbackSamples(), door.callbackPoll());
      numbers.put("callback → completed visible: p50 ms", LoadResult.millisAt(callback.toVisibleMicros(), 50));
      numbers.put("callback → completed visible: p99 ms", LoadResult.millisAt(callback.toVisibleMicros(), 99));
      numbers.put("callback → completed recorded: p50 ms", LoadResult.millisAt(callback.toRecordedMicros(), 50));
      numbers.put("callback → completed recorded: p99 ms", LoadResult.millisAt(callback.toRecordedMicros(), 99));
      numbers.put("callback → completed: samples without a reading", (double) callback.missed());
    }
    if (door.unloaded().compareTo(Duration.ZERO) > 0) {
      LoadResult unloaded = scenarios.unloadedAdmission(door.unloadedRate(), door.unloaded());
      String at = "unloaded admission " + BenchTable.format(door.unloadedRate()) + "/s: ";
      numbers.put(at + "p50 ms", unloaded.percentileMillis(50));
      numbers.put(at + "p95 ms", unloaded.percentileMillis(95));
      numbers.put(at + "p99 ms", unloaded.percentileMillis(99));
      numbers.put(at + "not 201 in time", (double) unloaded.failed());
    }
    return numbers;
  }

  static void say(String line) {
    System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + line);
  }

  static String javaVersion(String java) {
    try {
      Process version = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
      String text = new String(version.getInputStream().readAllBytes());
      version.waitFor();
      int quote = text.indexOf('"');
      return quote < 0 ? "?" : text.substring(quote + 1, text.indexOf('"', quote + 1));
    } catch (Exception e) {
      return "?";
    }
  }

  record BenchOptions(
      int runs, Path workDir, String java, List<String> appJvmOptions, Map<String, String> appEnvironment,
      Duration step, int throughputCount, int creators, int capacity, int capacityRuns, boolean skipAdmission,
      boolean sqliteDefaults, boolean queuePollDefaults, boolean keepState, DoorOptions door, boolean skipBaseline,
      Optional<Path> appRoot, LoadedReadsOptions loadedReads, TemporalEngine engine) {

    /** The dev server as ./reelay up runs it, or as it was before one of docs/benchmarks.md's fixes. */
    List<String> devServerOptions() {
      if (sqliteDefaults) {
        return List.of();
      }
      return queuePollDefaults ? StackOptions.SQLITE_WAL : StackOptions.DEV_SERVER_TUNING;
    }

    String devServerDescription() {
      if (sqliteDefaults) {
        return "on SQLite's defaults";
      }
      return "SQLite in WAL mode" + (queuePollDefaults ? ", task queues read 20 times a second" : ", task queues read 200 times a second");
    }

    /** The engine and its tuning, for the bench's header; the bare-workflow baseline runs on the same one. */
    String engineDescription() {
      if (engine == TemporalEngine.SERVER) {
        // the dev server's --dynamic-config-value pairs are the real server's dynamic config (StackOptions)
        return "Temporal server (PostgreSQL, " + TemporalEngine.SERVER_HISTORY_SHARDS + " history shards, task queues read "
            + (queuePollDefaults ? 20 : 200) + " times a second)";
      }
      return "dev server " + devServerDescription();
    }

    static BenchOptions parse(String[] args) {
      Map<String, String> given = new LinkedHashMap<>();
      Map<String, String> environment = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
        String name = args[i].substring(2);
        if (List.of("skip-admission", "sqlite-defaults", "queue-poll-defaults", "keep-state", "skip-baseline").contains(name)) {
          given.put(name, "true");
        } else if (name.equals("app-env")) {
          String pair = args[++i];
          environment.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        } else {
          given.put(name, args[++i]);
        }
      }
      return new BenchOptions(
          Integer.parseInt(given.getOrDefault("runs", "3")),
          Path.of(given.getOrDefault("work-dir", ".data/bench/" + System.currentTimeMillis())).toAbsolutePath(),
          given.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
          List.of(given.getOrDefault("app-jvm-options", "-Xmx2g").split(" ")),
          Map.copyOf(environment),
          Duration.ofSeconds(Long.parseLong(given.getOrDefault("step-seconds", "15"))),
          Integer.parseInt(given.getOrDefault("throughput", "300")),
          Integer.parseInt(given.getOrDefault("creators", "16")),
          Integer.parseInt(given.getOrDefault("capacity", "10000")),
          Integer.parseInt(given.getOrDefault("capacity-runs", given.getOrDefault("runs", "3"))),
          given.containsKey("skip-admission"),
          // the "before" of docs/benchmarks.md's first fix: the dev server on SQLite's fsync-per-commit defaults
          given.containsKey("sqlite-defaults"),
          // the "before" of the second: its task queues read at most 20 times a second
          given.containsKey("queue-poll-defaults"),
          given.containsKey("keep-state"),
          new DoorOptions(
              Double.parseDouble(given.getOrDefault("unloaded-rate", "0.5")),
              Duration.ofSeconds(Long.parseLong(given.getOrDefault("unloaded-seconds", "30"))),
              Integer.parseInt(given.getOrDefault("callback-samples", "30")),
              Duration.ofMillis(Long.parseLong(given.getOrDefault("callback-poll-ms", "5"))),
              Duration.ofSeconds(Long.parseLong(given.getOrDefault("burst-seconds", "60"))),
              Double.parseDouble(given.getOrDefault("burst-rate", "0")),
              Duration.ofMinutes(Long.parseLong(given.getOrDefault("burst-settle-minutes", "30")))),
          given.containsKey("skip-baseline"),
          Optional.ofNullable(given.get("app-root")).map(root -> Path.of(root).toAbsolutePath().normalize()),
          new LoadedReadsOptions(
              Duration.ofSeconds(Long.parseLong(given.getOrDefault("loaded-reads-seconds", "20"))),
              Double.parseDouble(given.getOrDefault("loaded-reads-create-rate", "0"))),
          engine(given.getOrDefault("engine", "dev"), given.containsKey("sqlite-defaults")));
    }

    /** {@code --engine dev} (the default) or {@code --engine server}: the real Temporal server. */
    private static TemporalEngine engine(String name, boolean sqliteDefaults) {
      TemporalEngine engine =
          switch (name) {
            case "dev" -> TemporalEngine.DEV_SERVER;
            case "server" -> TemporalEngine.SERVER;
            default -> throw new IllegalArgumentException("--engine is dev or server, not " + name);
          };
      if (engine == TemporalEngine.SERVER && sqliteDefaults) {
        throw new IllegalArgumentException("--sqlite-defaults is about the dev server's SQLite; the real server runs on PostgreSQL");
      }
      return engine;
    }
  }

  /**
   * The measures of the create and read doors on their own (a zero duration or count leaves one
   * out).
   *
   * @param unloadedRate  creates per second of unloaded admission (e.g. one every 2 s)
   * @param callbackPoll  the pause between the status reads that wait for {@code completed}
   * @param burstRate     creates per second of the burst; 0 for three times the run's sim-fast
   *                      throughput
   * @param burstSettle   how long the burst's generations get to end before they are counted
   */
  record DoorOptions(
      double unloadedRate, Duration unloaded, int callbackSamples, Duration callbackPoll, Duration burst,
      double burstRate, Duration burstSettle) {}

  /**
   * The reads while generations run (a zero window leaves them out).
   *
   * @param window      how long the 32 clients read
   * @param createRate  sim-fast creates per second that keep the pipeline busy meanwhile; 0 for
   *                    half the run's sim-fast throughput
   */
  record LoadedReadsOptions(Duration window, double createRate) {}
}
