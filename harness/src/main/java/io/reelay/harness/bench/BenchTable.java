package io.reelay.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The numbers of several runs as a Markdown table: min, median and max of each. */
public final class BenchTable {

  private BenchTable() {}

  public static String markdown(List<Map<String, Double>> runs) {
    Set<String> names = new LinkedHashSet<>();
    runs.forEach(run -> names.addAll(run.keySet()));
    StringBuilder table = new StringBuilder();
    table.append("| measure | min | median | max | runs |\n|---|---:|---:|---:|---:|\n");
    for (String name : names) {
      List<Double> values = new ArrayList<>();
      for (Map<String, Double> run : runs) {
        Double value = run.get(name);
        if (value != null) {
          values.add(value);
        }
      }
      values.sort(Double::compare);
      table.append("| ").append(name)
          .append(" | ").append(format(values.get(0)))
          .append(" | ").append(format(median(values)))
          .append(" | ").append(format(values.get(values.size() - 1)))
          .append(" | ").append(values.size())
          .append(" |\n");
    }
    return table.toString();
  }

  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e12) {
      return String.valueOf((long) value);
    }
    return Math.abs(value) >= 100 ? String.format("%.0f", value) : Math.abs(value) >= 10 ? String.format("%.1f", value) : String.format("%.2f", value);
  }
}
