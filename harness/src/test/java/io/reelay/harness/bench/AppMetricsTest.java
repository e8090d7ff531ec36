package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AppMetricsTest {

  private static AppMetrics reading(int fastCount, int slowCount, double sumSeconds, int shed) {
    int total = fastCount + slowCount;
    return AppMetrics.parse(
        """
        # HELP reelay_admission_seconds Create calls' admission time
        # TYPE reelay_admission_seconds histogram
        reelay_admission_seconds_bucket{door="native",outcome="admitted",le="0.01"} %d
        reelay_admission_seconds_bucket{door="native",outcome="admitted",le="0.1"} %d
        reelay_admission_seconds_bucket{door="native",outcome="admitted",le="+Inf"} %d
        reelay_admission_seconds_bucket{door="native",outcome="shed",le="0.01"} 0
        reelay_admission_seconds_bucket{door="native",outcome="shed",le="0.1"} 0
        reelay_admission_seconds_bucket{door="native",outcome="shed",le="+Inf"} %d
        reelay_admission_seconds_count{door="native",outcome="admitted"} %d
        reelay_admission_seconds_sum{door="native",outcome="admitted"} %s
        temporal_request_latency_seconds_count{operation="Start Workflow",namespace="default"} 7.0
        """
            .formatted(fastCount, total, total, shed, total, sumSeconds));
  }

  @Test
  void meansAndQuantilesCountOnlyWhatHappenedBetweenTheReadings() {
    AppMetrics before = reading(100, 0, 1.0, 0);
    // since then: 90 fast ones and 10 under 100 ms, 2 s in all; and 500 shed ones over 100 ms
    AppMetrics after = reading(190, 10, 3.0, 500);
    admitted(after, before);
  }

  private static void admitted(AppMetrics after, AppMetrics before) {
    java.util.function.Predicate<String> admitted = labels -> labels.contains("outcome=\"admitted\"");
    assertEquals(20.0, after.meanMillisSince(before, "reelay_admission_seconds", admitted), 1e-9);
    assertEquals(10.0, after.quantileMillisSince(before, "reelay_admission_seconds", admitted, 0.50), 1e-9);
    assertEquals(100.0, after.quantileMillisSince(before, "reelay_admission_seconds", admitted, 0.99), 1e-9);
    // without the labels' filter the slow shed ones count as well
    assertEquals(Double.POSITIVE_INFINITY, after.quantileMillisSince(before, "reelay_admission_seconds", labels -> true, 0.50));
  }

  @Test
  void labelValuesWithSpacesAndNothingTimedAreRead() {
    AppMetrics reading = reading(1, 0, 0.5, 0);
    assertEquals(7.0, reading.sum("temporal_request_latency_seconds_count", labels -> labels.contains("Start Workflow")));
    assertTrue(Double.isNaN(reading.meanMillisSince(reading, "reelay_admission_seconds", labels -> true)));
    assertTrue(Double.isNaN(reading.quantileMillisSince(reading, "reelay_admission_seconds", labels -> true, 0.99)));
  }

  @Test
  void aCounterGrowsBySeriesSummedOverTheLabelsChosen() {
    AppMetrics before = AppMetrics.parse(
        """
        jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 19.0
        jvm_gc_pause_seconds_count{action="end of minor GC",cause="Metadata GC Threshold",gc="G1 Young Generation"} 2.0
        """);
    AppMetrics after = AppMetrics.parse(
        """
        jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 25.0
        jvm_gc_pause_seconds_count{action="end of minor GC",cause="Metadata GC Threshold",gc="G1 Young Generation"} 3.0
        jvm_gc_pause_seconds_count{action="end of major GC",cause="G1 Compaction Pause",gc="G1 Old Generation"} 1.0
        """);
    assertEquals(8.0, after.growthSince(before, "jvm_gc_pause_seconds_count", labels -> true), 1e-9,
        "a series that appeared since counts from zero");
    assertEquals(6.0, after.growthSince(before, "jvm_gc_pause_seconds_count", labels -> labels.contains("Evacuation")), 1e-9);
    assertEquals(0.0, after.growthSince(before, "jvm_gc_pause_seconds_sum", labels -> true), 1e-9);
  }
}
