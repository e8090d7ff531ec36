package io.reelay.app.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.app.docker.MonitoringExpressions.Expression;
import io.reelay.app.docker.PromQlSelectors.Reads;
import io.reelay.app.docker.PromQlSelectors.Selector;
import io.reelay.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules as files: how their expressions are read, that every panel
 * has a query and a place of its own, and that the alerts the issue asks for exist. Whether the
 * metrics they read are real is checked against a live scrape by DashboardMetricsEndToEndTest.
 */
class MonitoringFilesTest {

  private static final Path DOCKER = StackOptions.projectRoot().resolve("docker");
  private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

  @Test
  void theTokenizerFindsTheMetricsAndLabelsAnExpressionReads() {
    Reads calls =
        PromQlSelectors.of(
            "sum by (provider, outcome) (rate(reelay_provider_calls_seconds_count{outcome=~\"5xx|timeout\"}[$__rate_interval]))");
    assertEquals(
        List.of(new Selector("reelay_provider_calls_seconds_count", Set.of("outcome"))), calls.selectors());
    assertEquals(Set.of("provider", "outcome"), calls.groupingLabels());

    Reads mixed =
        PromQlSelectors.of(
            "histogram_quantile(0.95, sum(rate(a_seconds_bucket[5m:1m])) by (le)) / ignoring(x) b offset 1h30m"
                + " and on(job) up == bool 0 # a comment naming not_a_metric\n or max(c) > 1e6");
    assertEquals(Set.of("a_seconds_bucket", "b", "up", "c"), mixed.metrics());
    assertEquals(Set.of("le", "x", "job"), mixed.groupingLabels());

    // names inside strings, label values and Grafana variables are not metrics
    Reads strings =
        PromQlSelectors.of(
            "label_replace(m{state=\"open\", provider=~\"$provider\"}, \"dst\", \"$1 {x} (y)\", \"src\", \"(.*)\")");
    assertEquals(List.of(new Selector("m", Set.of("state", "provider"))), strings.selectors());

    assertEquals(
        List.of(new Selector("named", Set.of("job"))), PromQlSelectors.of("{__name__=\"named\", job=\"a\"}").selectors());
    assertEquals(Set.of(), PromQlSelectors.of("sum without (instance) (vector(1)) * 2").metrics());
  }

  @Test
  void everyPanelHasAQueryAndAPlaceOfItsOwn() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(DOCKER.resolve(MonitoringExpressions.DASHBOARDS))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
          panels.add(panel);
          panel.path("panels").forEach(panels::add);
        });
        Set<Integer> ids = new HashSet<>();
        boolean[][] taken = new boolean[24][400];
        for (JsonNode panel : panels) {
          String name = file.getFileName() + " \"" + panel.path("title").asText() + "\"";
          if (!ids.add(panel.path("id").asInt())) {
            problems.add(name + " reuses the panel id " + panel.path("id").asInt());
          }
          if (!panel.path("type").asText().equals("row")) {
            JsonNode targets = panel.path("targets");
            if (targets.isEmpty()) {
              problems.add(name + " has no query");
            }
            targets.forEach(target -> {
              if (target.path("expr").asText().isBlank()) {
                problems.add(name + " " + target.path("refId").asText() + " has an empty expression");
              }
            });
            if (panel.path("description").asText().isBlank()) {
              problems.add(name + " does not say what it shows (description)");
            }
          }
          JsonNode grid = panel.path("gridPos");
          int x = grid.path("x").asInt();
          int y = grid.path("y").asInt();
          int w = grid.path("w").asInt();
          int h = grid.path("h").asInt();
          if (w < 1 || h < 1 || x < 0 || x + w > 24 || y < 0 || y + h > 400) {
            problems.add(name + " is placed outside the 24-column grid: " + grid);
            continue;
          }
          for (int column = x; column < x + w; column++) {
            for (int line = y; line < y + h; line++) {
              if (taken[column][line]) {
                problems.add(name + " overlaps another panel at column " + column + ", line " + line);
                column = x + w;
                break;
              }
              taken[column][line] = true;
            }
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void theAlertsTheIssueAsksForExistWithASeverityAndASummary() throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Map<String, Object> rule : MonitoringExpressions.rules(DOCKER)) {
      Object name = rule.get("alert");
      if (name == null || !names.add(String.valueOf(name))) {
        problems.add("a rule without a name of its own: " + rule);
      }
      Object labels = rule.get("labels");
      Object annotations = rule.get("annotations");
      if (!(labels instanceof Map<?, ?> l) || !SEVERITIES.contains(String.valueOf(l.get("severity")))) {
        problems.add(name + " has no severity among " + SEVERITIES);
      }
      if (!(annotations instanceof Map<?, ?> a) || String.valueOf(a.get("summary")).isBlank()) {
        problems.add(name + " has no summary");
      }
    }
    // a provider's circuit open for five minutes, webhook failures, holds past their deadline
    requireAlert(problems, "reelay_provider_circuit", "5m");
    requireAlert(problems, "reelay_webhook_deliveries_total", null);
    requireAlert(problems, "reelay_holds_overdue", null);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static void requireAlert(List<String> problems, String metric, String duration) throws IOException {
    boolean found = false;
    for (Map<String, Object> rule : MonitoringExpressions.rules(DOCKER)) {
      Expression expression = new Expression(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")));
      if (expression.reads().metrics().contains(metric)
          && (duration == null || duration.equals(String.valueOf(rule.get("for"))))) {
        found = true;
      }
    }
    if (!found) {
      problems.add("no alert reads " + metric + (duration == null ? "" : " for " + duration));
    }
  }
}
