package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.harness.bench.BenchRun.BenchOptions;
import io.reelay.harness.bench.BenchRun.DoorOptions;
import io.reelay.harness.bench.BenchRun.LoadedReadsOptions;
import io.reelay.harness.bench.BenchRun.Topology;
import io.reelay.stack.StackOptions;
import io.reelay.stack.TemporalEngine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

  @Test
  void byDefaultTheDevServerRunsAsReelayUpStartsIt() {
    BenchOptions options = BenchOptions.parse(new String[0]);

    assertEquals(StackOptions.DEV_SERVER_TUNING, options.devServerOptions());
    assertTrue(options.devServerOptions().contains("history.transferProcessorMaxPollRPS=200"));
    assertTrue(options.devServerOptions().contains("journal_mode=WAL"));
    assertEquals(3, options.runs());
    assertEquals(10_000, options.capacity());
    assertEquals(TemporalEngine.DEV_SERVER, options.engine());
    assertTrue(options.engineDescription().startsWith("dev server"), options.engineDescription());
  }

  @Test
  void theEngineIsTheDevServerOrTheRealServerWithTheSameTuning() {
    BenchOptions server = BenchOptions.parse(new String[] {"--engine", "server"});

    assertEquals(TemporalEngine.SERVER, server.engine());
    assertEquals(TemporalEngine.DEV_SERVER, BenchOptions.parse(new String[] {"--engine", "dev"}).engine());
    // its dynamic config comes from the same options (StackOptions)
    assertEquals(StackOptions.DEV_SERVER_TUNING, server.devServerOptions());
    assertTrue(server.engineDescription().startsWith("Temporal server"), server.engineDescription());
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--engine", "cloud"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--engine", "server", "--sqlite-defaults"}),
        "SQLite's settings mean nothing to the real server");
  }

  @Test
  void theBeforeOfEachFixLeavesOutWhatThatFixChanged() {
    List<String> beforeQueueFix = BenchOptions.parse(new String[] {"--queue-poll-defaults"}).devServerOptions();
    List<String> beforeSqliteFix = BenchOptions.parse(new String[] {"--sqlite-defaults"}).devServerOptions();

    assertEquals(StackOptions.SQLITE_WAL, beforeQueueFix);
    assertEquals(List.of(), beforeSqliteFix);
  }

  @Test
  void valuedOptionsAndAppEnvironmentAreRead() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {
              "--runs", "1", "--capacity", "2000", "--capacity-runs", "1", "--step-seconds", "5",
              "--app-env", "REELAY_SIM_DELAY_SECONDS=1", "--skip-admission", "--keep-state"
            });

    assertEquals(1, options.runs());
    assertEquals(2000, options.capacity());
    assertEquals(1, options.capacityRuns());
    assertEquals(Duration.ofSeconds(5), options.step());
    assertEquals(Map.of("REELAY_SIM_DELAY_SECONDS", "1"), options.appEnvironment());
    assertTrue(options.skipAdmission());
    assertTrue(options.keepState());
    assertFalse(BenchOptions.parse(new String[0]).keepState(), "a run's stack state is deleted by default");
  }

  @Test
  void theDoorMeasuresRunByDefaultAndTheBurstFollowsTheThroughput() {
    BenchOptions options = BenchOptions.parse(new String[0]);

    assertEquals(new DoorOptions(0.5, Duration.ofSeconds(30), 30, Duration.ofMillis(5), Duration.ofSeconds(60), 0, Duration.ofMinutes(30)),
        options.door());
    assertFalse(options.skipBaseline());
    assertEquals(Optional.empty(), options.appRoot(), "the app of the checkout the harness runs from");
  }

  @Test
  void aQuickSubsetAndAnotherCheckoutsAppAreChosenByOptions() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {
              "--unloaded-rate", "1", "--unloaded-seconds", "0", "--callback-samples", "12", "--callback-poll-ms", "10",
              "--burst-seconds", "20", "--burst-rate", "40", "--burst-settle-minutes", "5", "--skip-baseline",
              "--app-root", "/tmp/reelay-before"
            });

    assertEquals(new DoorOptions(1, Duration.ZERO, 12, Duration.ofMillis(10), Duration.ofSeconds(20), 40, Duration.ofMinutes(5)),
        options.door());
    assertTrue(options.skipBaseline());
    assertEquals(Optional.of(Path.of("/tmp/reelay-before")), options.appRoot());
  }

  @Test
  void anotherCheckoutsAppRunsWhileTheToolsStayThisCheckouts(@TempDir Path other) throws Exception {
    Files.createDirectories(other.resolve("app/target"));
    Files.createFile(other.resolve("app/target/reelay-app.jar"));
    StackOptions here = StackOptions.in(other.resolve("work"));

    StackOptions before = BenchRun.appFrom(other, here);

    assertEquals(other.resolve("app/target/reelay-app.jar") + File.pathSeparator + other.resolve("app/target/lib") + File.separator + "*",
        before.classpath());
    assertEquals(here.root(), before.root());
  }

  @Test
  void aCheckoutWithoutABuiltAppIsRefusedBeforeAnythingStarts(@TempDir Path other) {
    assertThrows(IllegalArgumentException.class, () -> BenchRun.appFrom(other, StackOptions.in(other.resolve("work"))));
  }

  @Test
  void readsWhileGenerationsRunLast20SecondsUnderHalfTheThroughputByDefault() {
    BenchOptions options = BenchOptions.parse(new String[0]);

    assertEquals(new LoadedReadsOptions(Duration.ofSeconds(20), 0), options.loadedReads());
    assertEquals(0.5, BenchRun.LOADED_READS_TIMES_THROUGHPUT);
  }

  @Test
  void readsWhileGenerationsRunTakeTheirWindowAndCreateRateFromOptions() {
    BenchOptions options =
        BenchOptions.parse(new String[] {"--loaded-reads-seconds", "8", "--loaded-reads-create-rate", "2.5", "--runs", "1"});
    BenchOptions without = BenchOptions.parse(new String[] {"--loaded-reads-seconds", "0"});

    assertEquals(new LoadedReadsOptions(Duration.ofSeconds(8), 2.5), options.loadedReads());
    assertEquals(1, options.runs(), "the options after them are still read");
    assertEquals(Duration.ZERO, without.loadedReads().window());
  }

  @Test
  void aStrayArgumentIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"10000"}));
  }

  @Test
  void theThroughputCannotBeLeftOutAsTheOtherCountsCan() {
    // the reads read its generations: a run that skipped it failed only after starting a stack
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--throughput", "0"}));
    assertEquals(40, BenchOptions.parse(new String[] {"--throughput", "40"}).throughputCount());
  }

  @Test
  void theReadLoadComesFromWrkWhenOneIsGivenAndFromTheJdkClientOnRequest(@TempDir Path dir) throws Exception {
    Path wrk = Files.writeString(dir.resolve("wrk"), "#!/bin/sh\n");
    assertTrue(wrk.toFile().setExecutable(true));
    BenchOptions given = BenchOptions.parse(new String[] {"--wrk", wrk.toString()});
    assertEquals(Optional.of(wrk), given.wrk());
    assertTrue(given.readClientDescription().startsWith("wrk ("), given.readClientDescription());
    BenchOptions jdk = BenchOptions.parse(new String[] {"--read-client", "jdk", "--wrk", wrk.toString()});
    assertEquals(Optional.empty(), jdk.wrk());
    assertTrue(jdk.readClientDescription().contains("JDK"), jdk.readClientDescription());

    Path notExecutable = Files.writeString(dir.resolve("not-wrk"), "");
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--wrk", notExecutable.toString()}));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--read-client", "curl"}));
  }

  @Test
  void theApiAndTheWorkerShareOneProcessUnlessTheTopologySplitsThem() {
    Topology combined = BenchOptions.parse(new String[0]).topology();
    assertEquals(Topology.COMBINED, combined);
    assertEquals(Map.of(), combined.firstAppEnvironment());
    assertEquals("API, worker and simulated provider in one process", combined.description());

    Topology split = BenchOptions.parse(new String[] {"--topology", "split"}).topology();
    assertEquals(Map.of("REELAY_ROLES", "api"), split.firstAppEnvironment(), "the first app serves the bench's requests");
    assertEquals(List.of(), split.workerLauncher());
    Topology niced = BenchOptions.parse(new String[] {"--topology", "split", "--worker-nice", "10"}).topology();
    assertEquals(List.of("nice", "-n", "10"), niced.workerLauncher());
    assertTrue(niced.description().endsWith("the worker and the provider at nice 10"), niced.description());

    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--topology", "apart"}));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--worker-nice", "10"}),
        "a niceness without a worker process of its own would slow the API too");
    assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--topology", "split", "--worker-nice", "20"}));
  }

  @Test
  void engineConfigGoesAfterTheTuningOnEitherEngineAndMustBeJson() {
    BenchOptions tuned =
        BenchOptions.parse(new String[] {"--engine-config", "history.shardIOConcurrency=2", "--engine-config", "matching.useNewMatcher=false"});
    List<String> options = tuned.devServerOptions();
    assertEquals(StackOptions.DEV_SERVER_TUNING, options.subList(0, StackOptions.DEV_SERVER_TUNING.size()), "the tuning first");
    assertEquals(
        List.of("--dynamic-config-value", "history.shardIOConcurrency=2", "--dynamic-config-value", "matching.useNewMatcher=false"),
        options.subList(StackOptions.DEV_SERVER_TUNING.size(), options.size()));
    assertTrue(tuned.engineDescription().endsWith(", dynamic config history.shardIOConcurrency=2 matching.useNewMatcher=false"),
        tuned.engineDescription());
    assertEquals(StackOptions.DEV_SERVER_TUNING, BenchOptions.parse(new String[0]).devServerOptions());

    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--engine-config", "history.shardIOConcurrency"}));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--engine-config", "=2"}));
    IllegalArgumentException notJson =
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--engine-config", "frontend.someKey=two"}));
    assertTrue(notJson.getMessage().contains("JSON"), notJson.getMessage());
  }

  @Test
  void theAppRunsOnGenerationalZgcFromJava21OnAndOnTheJvmsChoiceBefore() {
    assertEquals(List.of(), BenchRun.collectorOptions(17));
    assertEquals(List.of("-XX:+UseZGC", "-XX:+ZGenerational"), BenchRun.collectorOptions(21));
    assertEquals(List.of("-XX:+UseZGC"), BenchRun.collectorOptions(25), "generational is ZGC's only mode from 24 on");
    assertEquals(25, BenchRun.javaFeature("25.0.3"));
    assertEquals(17, BenchRun.javaFeature("17.0.9"));
    assertEquals(21, BenchRun.javaFeature("21+35"));
    assertEquals(0, BenchRun.javaFeature("?"));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> expected = new java.util.ArrayList<>(List.of("-Xmx2g"));
    expected.addAll(BenchRun.collectorOptions(Runtime.version().feature()));
    assertEquals(expected, BenchOptions.parse(new String[] {"--java", java}).appJvmOptions(), "the version is the app's java's");
    assertEquals(List.of("-Xmx1g", "-XX:+UseG1GC"),
        BenchOptions.parse(new String[] {"--app-jvm-options", "-Xmx1g -XX:+UseG1GC"}).appJvmOptions());
  }
}
