package io.reelay.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One reading of the app's GET /metrics (Prometheus text), kept as series (name with its labels,
 * as the text writes it) to value. Two readings taken around a load tell where its time went
 * inside the app: means of timers from their _sum and _count, quantiles from a histogram's buckets.
 */
record AppMetrics(Map<String, Double> series) {

  static AppMetrics parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      // the value follows the last space outside the labels (label values may hold spaces)
      int labelsEnd = line.lastIndexOf('}');
      int space = line.indexOf(' ', Math.max(labelsEnd, 0));
      if (space < 0) {
        continue;
      }
      String value = line.substring(space + 1).trim().split(" ")[0];
      series.put(line.substring(0, space), parseValue(value));
    }
    return new AppMetrics(series);
  }

  private static double parseValue(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  /** The sum of every series named {@code name} whose labels pass {@code labels} (the text between the braces). */
  double sum(String name, Predicate<String> labels) {
    double total = 0;
    for (Map.Entry<String, Double> entry : series.entrySet()) {
      String key = entry.getKey();
      int brace = key.indexOf('{');
      String seriesName = brace < 0 ? key : key.substring(0, brace);
      String seriesLabels = brace < 0 ? "" : key.substring(brace + 1, key.length() - 1);
      if (seriesName.equals(name) && labels.test(seriesLabels)) {
        total += entry.getValue();
      }
    }
    return total;
  }

  /** How much the series named {@code name} (e.g. a timer's _count or _sum) grew between {@code before} and this reading. */
  double growthSince(AppMetrics before, String name, Predicate<String> labels) {
    return sum(name, labels) - before.sum(name, labels);
  }

  /**
   * The mean in milliseconds of a timer (seconds, as Micrometer writes them) over what happened
   * between {@code before} and this reading; NaN when nothing was timed.
   */
  double meanMillisSince(AppMetrics before, String timer, Predicate<String> labels) {
    double count = growthSince(before, timer + "_count", labels);
    double seconds = growthSince(before, timer + "_sum", labels);
    return count == 0 ? Double.NaN : seconds * 1000 / count;
  }

  /**
   * A quantile in milliseconds of a histogram timer between {@code before} and this reading: the
   * upper bound of the first bucket that holds it (so never below the true value, at most one
   * bucket above it); NaN when nothing was timed.
   */
  double quantileMillisSince(AppMetrics before, String timer, Predicate<String> labels, double quantile) {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    for (String key : series.keySet()) {
      if (!key.startsWith(timer + "_bucket{")) {
        continue;
      }
      String inside = key.substring(key.indexOf('{') + 1, key.length() - 1);
      List<String> others = new ArrayList<>();
      Double bound = null;
      for (String label : inside.split(",(?=[a-zA-Z_]+=\")")) {
        if (label.startsWith("le=\"")) {
          bound = parseValue(label.substring(4, label.length() - 1));
        } else {
          others.add(label);
        }
      }
      if (bound == null || !labels.test(String.join(",", others))) {
        continue;
      }
      double delta = series.get(key) - before.series.getOrDefault(key, 0.0);
      cumulative.merge(bound, delta, Double::sum);
    }
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
      return Double.NaN;
    }
    double wanted = quantile * cumulative.lastEntry().getValue();
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= wanted) {
        return bucket.getKey() * 1000;
      }
    }
    return Double.NaN;
  }
}
