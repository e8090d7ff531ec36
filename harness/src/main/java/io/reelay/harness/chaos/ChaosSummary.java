package io.reelay.harness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a chaos run did and found: generations by model and outcome, faults injected by kind, and
 * the problem counts, every one of which must be 0 for the run to pass.
 *
 * @param outcomes model → final status → count
 * @param faults   kind of fault → how many were injected
 * @param problems check → how many generations (or accounts, or callbacks) failed it
 * @param details  one line per problem found, for the reader
 */
public record ChaosSummary(
    long seed,
    int generations,
    Map<String, Map<String, Integer>> outcomes,
    Map<String, Long> faults,
    Map<String, Long> problems,
    Duration wallTime,
    List<String> details) {

  public static final String LOST = "lost";
  public static final String STUCK = "stuck";
  public static final String DOUBLE_CHARGES = "double charges";
  public static final String WRONG_CHARGES = "wrong charges";
  public static final String BALANCE_MISMATCHES = "balance mismatches";
  public static final String BAD_VIDEOS = "missing or corrupt videos";
  public static final String AUDIT_VIOLATIONS = "audit violations";
  public static final String UNEXPECTED_OUTCOMES = "unexpected outcomes";
  public static final String UNANSWERED_REQUESTS = "unanswered requests";
  public static final String DUPLICATE_GENERATIONS = "duplicate generations";
  public static final String WORKFLOW_PROBLEMS = "workflows not one per generation";
  public static final String REFUSED_CALLBACKS = "callbacks refused";
  public static final String BROKEN_PROMISES = "answers contradicted later";
  public static final String INTERNAL_ERRORS = "500 answers";

  /** In the order the summary prints them. */
  public static final List<String> CHECKS =
      List.of(
          LOST, STUCK, DOUBLE_CHARGES, WRONG_CHARGES, BALANCE_MISMATCHES, BAD_VIDEOS, AUDIT_VIOLATIONS,
          UNEXPECTED_OUTCOMES, BROKEN_PROMISES, INTERNAL_ERRORS, UNANSWERED_REQUESTS, DUPLICATE_GENERATIONS, WORKFLOW_PROBLEMS,
          REFUSED_CALLBACKS);

  public ChaosSummary {
    outcomes = Map.copyOf(outcomes);
    faults = Map.copyOf(faults);
    problems = Map.copyOf(problems);
    details = List.copyOf(details);
  }

  public long problem(String check) {
    return problems.getOrDefault(check, 0L);
  }

  public long fault(String kind) {
    return faults.getOrDefault(kind, 0L);
  }

  public long totalProblems() {
    return problems.values().stream().mapToLong(Long::longValue).sum();
  }

  public long totalFaults() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean passed() {
    return totalProblems() == 0;
  }

  /** How many generations ended with {@code status}, over every model. */
  public int outcomeTotal(String status) {
    return outcomes.values().stream().mapToInt(byStatus -> byStatus.getOrDefault(status, 0)).sum();
  }

  /** The table printed at the end of a run. */
  public String format() {
    StringBuilder out = new StringBuilder();
    List<String> models = List.copyOf(new TreeMap<>(outcomes).keySet());
    TreeSet<String> statuses = new TreeSet<>();
    outcomes.values().forEach(byStatus -> statuses.addAll(byStatus.keySet()));
    out.append(String.format("chaos run: %d generations, seed %d, %s%n", generations, seed, minutes(wallTime)));
    out.append(String.format("%n%-34s", "generations"));
    models.forEach(model -> out.append(String.format("%10s", model)));
    out.append(String.format("%10s%n", "total"));
    for (String status : statuses) {
      out.append(String.format("  %-32s", status));
      models.forEach(model -> out.append(String.format("%10d", outcomes.get(model).getOrDefault(status, 0))));
      out.append(String.format("%10d%n", outcomeTotal(status)));
    }
    out.append(String.format("%n%-34s%10d%n", "faults injected", totalFaults()));
    new TreeMap<>(faults).forEach((kind, count) -> out.append(String.format("  %-32s%10d%n", kind, count)));
    out.append(String.format("%nchecks (each must be 0)%n"));
    for (String check : CHECKS) {
      out.append(String.format("  %-32s%10d%n", check, problem(check)));
    }
    if (!details.isEmpty()) {
      out.append(String.format("%nproblems:%n"));
      details.stream().limit(30).forEach(line -> out.append("  ").append(line).append('\n'));
      if (details.size() > 30) {
        out.append("  ... and ").append(details.size() - 30).append(" more\n");
      }
    }
    out.append(String.format("%nresult: %s%n", passed() ? "PASS" : "FAIL (" + totalProblems() + " problems)"));
    return out.toString();
  }

  private static String minutes(Duration duration) {
    return String.format("%dm %02ds wall time", duration.toMinutes(), duration.toSecondsPart());
  }
}
