package io.reelay.harness.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured: latencies of the answers that arrived (in microseconds), how many
 * requests went out, and every answer that was not the expected status, by status (0 = no answer).
 */
public record LoadResult(
    long sent, long succeeded, Map<Integer, Long> failuresByStatus, Histogram latencyMicros, Duration elapsed) {

  public long failed() {
    return failuresByStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Successful answers per second over the phase. */
  public double throughputPerSecond() {
    return succeeded / (elapsed.toNanos() / 1e9);
  }

  /** A latency percentile in milliseconds (0 when nothing succeeded). */
  public double percentileMillis(double percentile) {
    return millisAt(latencyMicros, percentile);
  }

  /** A percentile of latencies recorded in microseconds, in milliseconds (0 when there are none). */
  static double millisAt(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  static Map<Integer, Long> sortedCopy(Map<Integer, Long> failures) {
    return Collections.unmodifiableMap(new TreeMap<>(failures)); // by status, for the log
  }
}
