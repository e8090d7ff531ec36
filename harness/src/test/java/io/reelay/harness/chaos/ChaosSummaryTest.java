package io.reelay.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosSummaryTest {

  private static ChaosSummary summary(Map<String, Long> problems, List<String> details) {
    return new ChaosSummary(
        7,
        6,
        Map.of(
            "sim-fast", Map.of("completed", 2, "failed", 1),
            "sim-poll", Map.of("completed", 1, "canceled", 2)),
        Map.of("app SIGKILLs", 3L, "5xx bursts", 4L),
        problems,
        Duration.ofSeconds(125),
        details);
  }

  @Test
  void totalsAddUpOverModelsAndKinds() {
    ChaosSummary summary = summary(Map.of(ChaosSummary.LOST, 0L, ChaosSummary.STUCK, 0L), List.of());
    assertEquals(3, summary.outcomeTotal("completed"));
    assertEquals(2, summary.outcomeTotal("canceled"));
    assertEquals(0, summary.outcomeTotal("lost"));
    assertEquals(7, summary.totalFaults());
    assertEquals(0, summary.totalProblems());
    assertTrue(summary.passed());
    assertEquals(0, summary.problem(ChaosSummary.DOUBLE_CHARGES), "a check not run counts 0");
  }

  @Test
  void anyProblemFailsTheRunAndIsListed() {
    ChaosSummary summary =
        summary(Map.of(ChaosSummary.LOST, 0L, ChaosSummary.DOUBLE_CHARGES, 2L, ChaosSummary.STUCK, 1L), List.of("stuck: generation x is still processing"));
    assertEquals(3, summary.totalProblems());
    assertFalse(summary.passed());
    String table = summary.format();
    assertTrue(table.contains("seed 7"), table);
    assertTrue(table.contains("2m 05s"), table);
    assertTrue(table.matches("(?s).*completed\\s+2\\s+1\\s+3\\n.*"), table);
    assertTrue(table.matches("(?s).*double charges\\s+2\\n.*"), table);
    assertTrue(table.matches("(?s).*faults injected\\s+7\\n.*"), table);
    assertTrue(table.contains("stuck: generation x is still processing"), table);
    assertTrue(table.contains("result: FAIL (3 problems)"), table);
  }
}
