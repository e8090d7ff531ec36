package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.harness.bench.BenchRun.BenchOptions;
import io.reelay.stack.StackOptions;
import io.reelay.stack.TemporalEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  void aStrayArgumentIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"10000"}));
  }
}
