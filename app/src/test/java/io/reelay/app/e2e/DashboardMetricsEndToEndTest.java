package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.app.docker.MonitoringExpressions;
import io.reelay.app.docker.MonitoringExpressions.Expression;
import io.reelay.app.docker.PromQlSelectors.Reads;
import io.reelay.app.docker.PromQlSelectors.Selector;
import io.reelay.stack.StackOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules in docker/ read metrics the app really
 * exposes: after generations that complete (with a webhook that fails once), fail, fail over, are
 * held back, get canceled and get refused, every metric each expression names is on a live GET
 * /metrics scrape of the app, with the labels its selectors match on and the labels it groups by.
 * A renamed metric or label would leave a panel empty or an alert silent without this.
 */
class DashboardMetricsEndToEndTest {

  /** Series Prometheus makes itself, with the labels they carry (null: any label of an alert rule). */
  private static final Map<String, Set<String>> MADE_BY_PROMETHEUS = new HashMap<>();
  /** Labels Prometheus adds to every scraped series (prometheus.yml's jobs). */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  static {
    MADE_BY_PROMETHEUS.put("up", TARGET_LABELS);
    MADE_BY_PROMETHEUS.put("ALERTS", null);
  }

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_POLL_SECONDS", "1",
                // the status polls of several generations share one key (60 a minute by default)
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VINCI_ENABLED", "true",
                "REELAY_VINCI_POLL_SECONDS", "1",
                // the webhook receiver runs on loopback
                "REELAY_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.1/32",
                "REELAY_WEBHOOKS_RETRY_INITIAL_SECONDS", "1",
                "REELAY_WEBHOOKS_RETRY_MAX_SECONDS", "2",
                "JAVA_TOOL_OPTIONS",
                MetricsEndToEndTest.HELD_BACK_AND_ROUTED));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyMetricTheDashboardAndTheAlertRulesReadIsOnALiveScrape() throws Exception {
    List<Expression> expressions = MonitoringExpressions.all(StackOptions.projectRoot().resolve("docker"));
    assertTrue(expressions.size() >= 30, "expected the dashboard's and the alerts' expressions, found " + expressions);

    String key = stack.newAccount("dashboard", "5.00");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      // one failed webhook attempt, then a delivery
      receiver.answer(n -> n == 1 ? 503 : 204);
      String completed = create(key, "sim-fast", "a harbour at dawn", receiver.url("/hook"), 201);
      stack.awaitStatus(key, completed, "completed", Duration.ofSeconds(90));
      String failed = create(key, "sim-fast", "a paper boat [sim:fail]", null, 201);
      stack.awaitStatus(key, failed, "failed", Duration.ofSeconds(90));
      String failedOver = create(key, "routed", "vinci is out of money [vinci:402]", null, 201, "720p");
      stack.awaitStatus(key, failedOver, "completed", Duration.ofSeconds(90));
      // the never-ending job holds the sim's only slot: the next one is held back until it is canceled
      String canceled = create(key, "sim-poll", "a slow tide [sim:never]", null, 201);
      stack.awaitStatus(key, canceled, "processing", Duration.ofSeconds(60));
      String heldBack = create(key, "sim-poll", "second in line", null, 201);
      awaitMetric("reelay_submissions_held_back_total");
      HttpResponse<String> cancel = stack.post("/v1/generations/" + canceled + "/cancel", key, null, Map.of());
      assertEquals(200, cancel.statusCode(), cancel.body());
      stack.awaitStatus(key, canceled, "canceled", Duration.ofSeconds(90));
      stack.awaitStatus(key, heldBack, "completed", Duration.ofSeconds(90));
      create(stack.newAccount("dashboard-poor", "0.01"), "sim-fast", "unaffordable", null, 402);
      receiver.await(2, Duration.ofSeconds(60));
    }

    // gauges read from PostgreSQL and the Temporal SDK's metrics are published on their own
    // schedule: wait for the scrape to show everything, up to a deadline
    long deadline = System.currentTimeMillis() + 90_000;
    List<String> problems = problems(expressions, scrape());
    while (!problems.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(1000);
      problems = problems(expressions, scrape());
    }
    assertTrue(
        problems.isEmpty(),
        "the dashboard or the alert rules read what GET /metrics does not show:\n  " + String.join("\n  ", problems));
  }

  @Test
  void aMetricOrALabelTheAppDoesNotExposeIsReported() throws Exception {
    Map<String, Set<String>> scraped = scrape();
    String real = scraped.keySet().iterator().next();
    List<String> problems =
        problems(
            List.of(
                new Expression("made up", "sum(rate(reelay_made_up_total[5m]))"),
                new Expression("wrong label", "max(" + real + "{colour=\"red\"})"),
                new Expression("wrong grouping", "sum by (flavour) (" + real + ")"),
                new Expression("fine", "sum by (instance) (" + real + ") and on (job) up == 1")),
            scraped);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("reelay_made_up_total"), problems.get(0));
    assertTrue(problems.get(1).contains("colour"), problems.get(1));
    assertTrue(problems.get(2).contains("flavour"), problems.get(2));
  }

  private static void awaitMetric(String name) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!scrape().containsKey(name)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("GET /metrics did not show " + name + " within 60 s");
      }
      Thread.sleep(300);
    }
  }

  /** What is wrong with each expression against a scrape: metrics and labels it does not have. */
  private static List<String> problems(List<Expression> expressions, Map<String, Set<String>> scraped) {
    List<String> problems = new ArrayList<>();
    for (Expression expression : expressions) {
      Reads reads = expression.reads();
      if (reads.selectors().isEmpty()) {
        problems.add(expression.where() + " reads no metric: " + expression.promQl());
        continue;
      }
      Set<String> available = new TreeSet<>(TARGET_LABELS);
      boolean anyLabel = false;
      boolean allFound = true;
      for (Selector selector : reads.selectors()) {
        Set<String> labels;
        if (MADE_BY_PROMETHEUS.containsKey(selector.metric())) {
          labels = MADE_BY_PROMETHEUS.get(selector.metric());
          if (labels == null) {
            anyLabel = true;
            continue;
          }
        } else if (scraped.containsKey(selector.metric())) {
          labels = scraped.get(selector.metric());
        } else {
          problems.add(expression.where() + " reads " + selector.metric() + ", which GET /metrics does not show");
          allFound = false;
          continue;
        }
        available.addAll(labels);
        Set<String> missing = new TreeSet<>(selector.labels());
        missing.removeAll(labels);
        missing.removeAll(TARGET_LABELS);
        if (!missing.isEmpty()) {
          problems.add(expression.where() + " matches " + selector.metric() + " on " + missing + ", which it does not have "
              + "(it has " + labels + ")");
        }
      }
      Set<String> ungrouped = new TreeSet<>(reads.groupingLabels());
      ungrouped.removeAll(available);
      if (allFound && !anyLabel && !ungrouped.isEmpty()) {
        problems.add(expression.where() + " groups by " + ungrouped + ", which none of " + reads.metrics() + " has");
      }
    }
    return problems;
  }

  /** GET /metrics: every series name with the label names seen on it. */
  private static Map<String, Set<String>> scrape() throws Exception {
    HttpResponse<String> response = stack.get("/metrics", null);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Set<String>> series = new TreeMap<>();
    for (PrometheusText.Sample sample : PrometheusText.parse(response.body()).samples()) {
      series.computeIfAbsent(sample.name(), name -> new TreeSet<>()).addAll(sample.labels().keySet());
    }
    assertTrue(!series.isEmpty(), "GET /metrics showed no series: " + response.body());
    return series;
  }

  private static String create(String key, String model, String prompt, String webhookUrl, int expectedStatus)
      throws Exception {
    return create(key, model, prompt, webhookUrl, expectedStatus, "480p");
  }

  private static String create(
      String key, String model, String prompt, String webhookUrl, int expectedStatus, String resolution)
      throws Exception {
    Map<String, Object> body =
        new HashMap<>(Map.of("model", model, "prompt", prompt, "duration_seconds", 2, "resolution", resolution));
    if (webhookUrl != null) {
      body.put("webhook_url", webhookUrl);
    }
    HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return expectedStatus == 201 ? LocalStack.json(response).get("id").asText() : null;
  }
}
