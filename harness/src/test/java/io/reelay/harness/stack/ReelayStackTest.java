package io.reelay.harness.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.stack.Ports;
import io.reelay.stack.ReelayClient;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import io.reelay.stack.TemporalEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launcher itself, on either Temporal engine: every server comes back from its restart with
 * the state it had, on the same ports, and the app is healthy again; once stopped, its state can
 * be deleted and its logs stay.
 */
class ReelayStackTest {

  @ParameterizedTest
  @EnumSource(TemporalEngine.class)
  void everyServerRestartsOnItsOwnStateAndTheAppIsHealthyAgain(TemporalEngine engine) throws Exception {
    Path dir = Files.createDirectories(
        StackOptions.projectRoot().resolve("harness/target/stack-" + engine.name().toLowerCase() + "-" + System.currentTimeMillis()));
    try (ReelayStack stack = ReelayStack.start(StackOptions.in(dir).withEngine(engine))) {
      ReelayStack.Account account = stack.newAccount("stack-test", "1.00");
      // the engine's own metrics (its services' requests, its store's, its shards' write queue)
      URI metrics = stack.temporalMetrics();
      var engineMetrics = new ReelayClient(metrics.getScheme() + "://" + metrics.getAuthority()).get(metrics.getPath(), null);
      assertEquals(200, engineMetrics.statusCode());
      assertTrue(engineMetrics.body().contains("service_requests"), "the engine's services count their requests");
      long firstPid = stack.appPid();

      stack.killApp();
      stack.startApp();
      assertNotEquals(firstPid, stack.appPid());

      stack.restartPostgres();
      stack.restartTemporal();
      awaitHealthy(stack);

      // PostgreSQL kept its data: the key made before the restarts still works
      var balance = stack.client().get("/v1/balance", account.apiKey());
      assertEquals(200, balance.statusCode(), balance.body());
      assertEquals(0, new java.math.BigDecimal("1.00").compareTo(ReelayClient.json(balance).get("balance_usd").decimalValue()));

      // another app, started through a launcher that lowers its CPU priority (and execs the JVM)
      ReelayStack.App second = stack.addApp("api-2", Ports.free(), Map.of("REELAY_ROLES", "api"), List.of("nice", "-n", "7"));
      assertEquals(200, second.client().get("/v1/balance", account.apiKey()).statusCode());
      assertTrue(second.isAlive());
      assertEquals(7, niceness(second.pid()), "the pid is the JVM's, at the launcher's niceness");
      assertEquals(0, niceness(stack.appPid()));
    }

    // the real server keeps its state in PostgreSQL
    assertEquals(engine == TemporalEngine.DEV_SERVER, Files.exists(dir.resolve("temporal.db")));
    assertTrue(Files.isDirectory(dir.resolve("postgres")));
    long freed = ReelayStack.discardState(dir);
    assertTrue(freed > 1_000_000, "PostgreSQL's data alone is megabytes: " + freed);
    assertFalse(Files.exists(dir.resolve("temporal.db")));
    assertFalse(Files.exists(dir.resolve("postgres")));
    assertFalse(Files.exists(dir.resolve("data")));
    assertTrue(Files.size(dir.resolve("logs").resolve("temporal.log")) >= 0, "the logs stay");
    assertEquals(0, ReelayStack.discardState(dir), "nothing left to delete");
  }

  /** The 19th field of /proc/<pid>/stat (after the command in parentheses, which may hold spaces). */
  private static int niceness(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  private static void awaitHealthy(ReelayStack stack) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (stack.client().get("/health", null).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // reconnecting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the app did not become healthy after the restarts");
  }
}
