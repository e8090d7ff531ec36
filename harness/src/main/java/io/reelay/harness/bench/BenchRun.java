package io.reelay.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ./reelay bench}: every scenario, three runs, a table of min / median / max. */
public final class BenchRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    List<Map<String, Double>> runs = new ArrayList<>();
    for (int run = 1; run <= options.runs(); run++) {
      say("run " + run + " of " + options.runs());
      runs.add(runOnce(options, run));
    }
    System.out.println();
    System.out.println(BenchTable.markdown(runs));
  }

  static Map<String, Double> runOnce(BenchOptions options, int run) throws Exception {
    WorkflowClient temporal =
        WorkflowClient.newInstance(
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(options.temporalTarget()).build()));
    JsonNode account = fundedAccount(options.api(), options.adminToken(), "bench run " + run);
    BenchTarget target =
        new BenchTarget(
            options.api(), account.get("api_key").asText(), account.get("account_id").asText(), temporal,
            options.appPid(), options.jcmd());
    BenchScenarios scenarios = new BenchScenarios(target, BenchRun::say);
    Map<String, Double> numbers = new LinkedHashMap<>();
    if (options.runs(Scenario.ADMISSION)) {
      numbers.putAll(scenarios.admission(options.step()));
    }
    BenchScenarios.Batch fast = scenarios.throughput("sim-fast", options.throughputCount(), options.creators());
    numbers.put("throughput sim-fast (generations/s)", fast.perSecond());
    BenchScenarios.Batch poll = scenarios.throughput("sim-poll", options.throughputCount(), options.creators());
    numbers.put("throughput sim-poll (generations/s)", poll.perSecond());
    numbers.put("not completed (throughput)", (double) (fast.failed() + poll.failed()));
    int fastActivities = scenarios.activitiesPerGeneration(fast.ids().get(0));
    int pollActivities = scenarios.activitiesPerGeneration(poll.ids().get(0));
    double bareFast = scenarios.baseline(fastActivities, options.throughputCount(), options.creators(), "r" + run + "-" + System.currentTimeMillis());
    numbers.put("baseline: bare workflow, " + fastActivities + " no-op activities (workflows/s)", bareFast);
    numbers.put("sim-fast ÷ baseline", fast.perSecond() / bareFast);
    double barePoll = scenarios.baseline(pollActivities, options.throughputCount(), options.creators(), "r" + run + "-" + System.currentTimeMillis());
    numbers.put("baseline: bare workflow, " + pollActivities + " no-op activities (workflows/s)", barePoll);
    numbers.put("sim-poll ÷ baseline", poll.perSecond() / barePoll);
    LoadResult reads = scenarios.reads(fast.ids(), 32, options.step());
    numbers.put("reads: GET by id, 32 clients (req/s)", reads.throughputPerSecond());
    numbers.put("reads: p99 ms", reads.percentileMillis(99));
    numbers.put("reads: failed", (double) reads.failed());
    if (options.capacity() > 0) {
      BenchScenarios.Capacity capacity =
          scenarios.capacity(options.capacity(), options.creators(), fast.creationsPerSecond(fast.lastClosed()));
      numbers.put("capacity: in flight", (double) capacity.inFlight());
      numbers.put("capacity: worker RSS (MB)", capacity.worker().rssBytes() / 1048576.0);
      numbers.put("capacity: worker heap, live (MB)", capacity.worker().heapUsedBytes() / 1048576.0);
      numbers.put("capacity: worker threads", (double) capacity.worker().threads());
      numbers.put("capacity: drain after the last callback is due (s)", capacity.drain().toMillis() / 1000.0);
      numbers.put("capacity: not completed", (double) capacity.failed());
    }
    return numbers;
  }

  static JsonNode fundedAccount(URI api, String adminToken, String name) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(api.resolve("/admin/v1/accounts"))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("name", name, "credits_usd", "1000000"))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("creating the bench account answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  static void say(String line) {
    System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + line);
  }

  enum Scenario { ADMISSION }

  record BenchOptions(
      int runs, URI api, String adminToken, String temporalTarget, long appPid, Path jcmd, Duration step,
      int throughputCount, int creators, int capacity, boolean skipAdmission) {

    boolean runs(Scenario scenario) {
      return !(scenario == Scenario.ADMISSION && skipAdmission);
    }

    static BenchOptions parse(String[] args) {
      Map<String, String> given = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
        String name = args[i].substring(2);
        given.put(name, name.equals("skip-admission") ? "true" : args[++i]);
      }
      return new BenchOptions(
          Integer.parseInt(given.getOrDefault("runs", "3")),
          URI.create(given.getOrDefault("url", "http://127.0.0.1:8080")),
          given.getOrDefault("admin-token", System.getenv("REELAY_ADMIN_TOKEN")),
          given.getOrDefault("temporal", "127.0.0.1:7233"),
          Long.parseLong(given.getOrDefault("pid", "0")),
          Path.of(given.getOrDefault("jcmd", Path.of(System.getProperty("java.home"), "bin", "jcmd").toString())),
          Duration.ofSeconds(Long.parseLong(given.getOrDefault("step-seconds", "20"))),
          Integer.parseInt(given.getOrDefault("throughput", "300")),
          Integer.parseInt(given.getOrDefault("creators", "16")),
          Integer.parseInt(given.getOrDefault("capacity", "10000")),
          given.containsKey("skip-admission"));
    }
  }
}
