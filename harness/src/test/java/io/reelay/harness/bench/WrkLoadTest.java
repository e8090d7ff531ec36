package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkLoadTest {

  @Test
  void theScriptsSummaryBecomesTheSameResultAsTheJdkClients() {
    String output =
        """
        Running 20s test @ http://127.0.0.1:8080
          1 threads and 32 connections
        reelay-wrk counts 1000 2000000 3 2
        reelay-wrk latency 250 1
        reelay-wrk latency 1000 900
        reelay-wrk latency 20000 99
        Requests/sec:    500.00
        """;
    LoadResult result = WrkLoad.parse(output);
    assertEquals(1002, result.sent(), "answered requests and the ones without an answer");
    assertEquals(997, result.succeeded());
    assertEquals(Map.of(-1, 3L, 0, 2L), result.failuresByStatus());
    assertEquals(5, result.failed());
    assertEquals(Duration.ofSeconds(2), result.elapsed());
    assertEquals(498.5, result.throughputPerSecond(), 0.001);
    assertEquals(1000, result.latencyMicros().getTotalCount());
    assertEquals(1.0, result.percentileMillis(50), 0.01);
    assertEquals(20.0, result.percentileMillis(99.5), 0.05);
  }

  @Test
  void anOutputWithoutTheSummaryIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> WrkLoad.parse("unable to connect to 127.0.0.1:8080 Connection refused\n"));
    assertThrows(IllegalArgumentException.class, () -> WrkLoad.parse("reelay-wrk counts 1 2 0 0\nreelay-wrk surprise 1\n"));
  }

  @Test
  void theScriptReadsEachIdInTurnWithTheKey() {
    String script = WrkLoad.script("/v1/generations/", List.of("a1", "b2"), "sk-test");
    assertTrue(script.contains("{\"/v1/generations/a1\",\"/v1/generations/b2\"}"), script);
    assertTrue(script.contains("\"Bearer sk-test\""), script);
    assertTrue(script.contains("reelay-wrk counts %d %d %d %d\\n"), script);
    // what would break out of a Lua string is refused rather than quoted
    assertThrows(IllegalArgumentException.class, () -> WrkLoad.script("/", List.of("a\"b"), "sk"));
    assertThrows(IllegalArgumentException.class, () -> WrkLoad.script("/", List.of("a"), "sk\\"));
  }
}
