package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTableTest {

  @Test
  void eachMeasureShowsMinMedianAndMaxOverTheRunsThatHaveIt() {
    Map<String, Double> first = new LinkedHashMap<>(Map.of("throughput (generations/s)", 12.5));
    first.put("capacity: worker threads", 90.0);
    Map<String, Double> second = Map.of("throughput (generations/s)", 10.0);
    Map<String, Double> third = Map.of("throughput (generations/s)", 14.25);

    String table = BenchTable.markdown(List.of(first, second, third));

    assertTrue(table.contains("| throughput (generations/s) | 10 | 12.5 | 14.3 | 3 |"), table);
    assertTrue(table.contains("| capacity: worker threads | 90 | 90 | 90 | 1 |"), table);
  }

  @Test
  void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, BenchTable.median(List.of(1.0, 2.0, 3.0, 100.0)));
    assertEquals(3.0, BenchTable.median(List.of(1.0, 3.0, 100.0)));
  }
}
