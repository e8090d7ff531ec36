package io.reelay.harness.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.stack.ReelayClient;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.SeaweedFs;
import io.reelay.stack.StackOptions;
import io.reelay.stack.TemporalEngine;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reelay as separate roles on one machine, each its own OS process: one API, two workers,
 * Temporal, PostgreSQL and SeaweedFS as the S3 store; once on the Temporal dev server and once on
 * the real Temporal server (PostgreSQL persistence, several history shards, SQL visibility). 100
 * generations; one worker is SIGKILLed mid-run, and every generation still completes, is charged
 * exactly once, has its video in S3 with the SHA-256 the read model recorded and is found in
 * Temporal's visibility by Reelay's search attributes. Then the graceful stops: a worker that is
 * sent SIGTERM lets its work finish or hands it back, and an API that is sent SIGTERM answers the
 * request it is holding before it exits.
 */
class MultiProcessTest {

  private static final int GENERATIONS = 100;

  @ParameterizedTest
  @EnumSource(TemporalEngine.class)
  void twoWorkersOneApiSurviveAWorkerKilledMidRunAndStopGracefully(TemporalEngine engine) throws Exception {
    Path dir = Files.createDirectories(
        StackOptions.projectRoot().resolve("harness/target/multi-" + engine.name().toLowerCase() + "-" + System.currentTimeMillis()));
    try (SeaweedFs s3 = SeaweedFs.start(dir.resolve("seaweedfs"), dir.resolve("logs"), StackOptions.projectRoot());
        ReelayStack stack =
            ReelayStack.start(
                StackOptions.in(dir)
                    .withEngine(engine)
                    .withAppEnvironment(s3.appEnvironment())
                    .withAppEnvironment(
                        Map.of("REELAY_ROLES", "api", "REELAY_SIM_DELAY_SECONDS", "3", "REELAY_RATE_LIMIT_PER_MINUTE", "6000")));
        S3Objects objects = new S3Objects(s3)) {
      ReelayStack.App api = stack.app();
      // workers reach the simulator, and hand out callback URLs, through the API process
      Map<String, String> worker = Map.of("REELAY_ROLES", "worker", "REELAY_PUBLIC_URL", api.baseUrl());
      ReelayStack.App worker1 = stack.addApp("worker-1", worker);
      ReelayStack.App worker2 = stack.addApp("worker-2", worker);
      assertEquals(404, worker1.client().get("/v1/models", null).statusCode(), "a worker serves no API");
      JsonNode workerHealth = ReelayClient.json(worker1.client().get("/health", null));
      assertEquals("worker", workerHealth.get("roles").get(0).asText(), workerHealth.toString());
      assertEquals(4, workerHealth.get("worker").get("task_queues").size(), workerHealth.toString());

      ReelayStack.Account account = stack.newAccount("multi", "100.00");
      List<String> ids = new ArrayList<>();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < GENERATIONS; i++) {
          String model = i % 2 == 0 ? "sim-fast" : "sim-poll";
          String prompt = "multi-process " + i;
          created.add(clients.submit(() -> create(api, account, model, prompt)));
          if (i == GENERATIONS / 2) {
            // mid-run: generations are being admitted, submitted, polled and stored right now
            created.forEach(MultiProcessTest::join);
            assertTrue(countNotFinished(stack, account) > 0, "some generations are in flight at the kill");
            worker1.kill();
          }
        }
        for (Future<String> future : created) {
          ids.add(future.get());
        }
      } finally {
        clients.shutdownNow();
      }

      Map<String, JsonNode> finished = awaitFinished(api, account, ids, 300);
      for (String id : ids) {
        assertEquals("completed", finished.get(id).get("status").asText(), id + ": " + finished.get(id));
      }
      Map<String, Stored> stored = stored(stack, account);
      long totalCost = 0;
      for (String id : ids) {
        Stored row = stored.get(id);
        assertEquals(1, row.captures(), id + " is charged exactly once");
        assertEquals(row.sha256(), finished.get(id).get("video").get("sha256").asText(), id);
        assertEquals(row.sha256(), objects.sha256(row.assetKey()).orElseThrow(() -> new AssertionError(id + ": no video in S3")), id);
        totalCost += row.costMicros();
      }
      Map<String, Long> money = money(stack, account);
      assertEquals(0, money.get("reserved"), "no hold is left");
      assertEquals(totalCost, money.get("captured"), "the account paid exactly the generations' costs");
      assertTemporalFindsThemAndHasItsShards(stack, account, ids);
      // the API streams from S3 too
      for (String id : ids.subList(0, 3)) {
        HttpResponse<byte[]> video = api.client().getBytes("/v1/generations/" + id + "/content", account.apiKey());
        assertEquals(200, video.statusCode());
        assertEquals(stored.get(id).sha256(), S3Objects.sha256(video.body()));
      }

      // SIGTERM a worker while generations run: it stops taking tasks and lets its running ones
      // finish (the generations complete on worker-1, back again)
      worker1.start();
      List<String> more = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        more.add(create(api, account, "sim-poll", "graceful " + i));
      }
      long stopping = System.nanoTime();
      worker2.stop();
      long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
      assertFalse(worker2.isAlive());
      assertTrue(stopMillis < 35_000, "the worker stops within its 30 s grace: " + stopMillis + " ms");
      String worker2Log = Files.readString(worker2.log());
      assertTrue(worker2Log.contains("worker stopped after") || worker2Log.contains("so other workers retry them"), "the worker logged its graceful stop");
      Map<String, JsonNode> afterStop = awaitFinished(api, account, more, 180);
      for (String id : more) {
        assertEquals("completed", afterStop.get(id).get("status").asText(), id + ": " + afterStop.get(id));
      }

      // SIGTERM an API process holding a create that waits for the outcome: it answers with the
      // generation as it is before it exits, rather than dropping the connection
      ReelayStack.App api2 = stack.addApp("api-2", Map.of("REELAY_ROLES", "api"));
      CompletableFuture<HttpResponse<String>> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return api2.client()
                      .post(
                          "/v1/generations",
                          account.apiKey(),
                          Map.of("model", "sim-poll", "prompt", "drained [sim:delay=40]", "duration_seconds", 2, "resolution", "480p"),
                          Map.of("Prefer", "wait=55"));
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      Thread.sleep(2_000);
      long draining = System.nanoTime();
      api2.stop();
      HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS);
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - draining) < 20, "the wait was answered at shutdown, not after 55 s");
      assertTrue(answer.statusCode() == 201 || answer.statusCode() == 202, answer.statusCode() + " " + answer.body());
      String drainedId = ReelayClient.json(answer).get("id").asText();
      assertFalse(api2.isAlive());
      // the generation lives on (the workflow never depended on that API process)
      JsonNode drained = ReelayClient.json(api.client().get("/v1/generations/" + drainedId, account.apiKey()));
      assertTrue(List.of("pending", "processing").contains(drained.get("status").asText()), drained.toString());
    }
    ReelayStack.discardState(dir);
  }

  /**
   * Temporal's visibility answers a query by Reelay's search attributes with exactly these
   * generations (the attributes are registered, and SQL visibility indexes them on the real
   * server), and the engine runs the history shards it should: one on the dev server, several on
   * the real server.
   */
  private static void assertTemporalFindsThemAndHasItsShards(ReelayStack stack, ReelayStack.Account account, List<String> ids)
      throws Exception {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
    try {
      WorkflowClient temporal = WorkflowClient.newInstance(service);
      Set<String> expected = ids.stream().map(id -> "generation-" + id).collect(Collectors.toSet());
      String query = "ReelayAccount = '" + account.accountId() + "' AND ReelayStatus = 'completed' AND ReelayModel IN ('sim-fast', 'sim-poll')";
      Set<String> found = Set.of();
      // visibility is written by a queue of its own, a moment after the workflow closes
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!found.equals(expected) && System.nanoTime() < deadline) {
        found = temporal.listExecutions(query).map(execution -> execution.getExecution().getWorkflowId()).collect(Collectors.toSet());
        Thread.sleep(500);
      }
      assertEquals(expected, found, "the generations Temporal finds by " + query);

      int shards = service.blockingStub().getClusterInfo(GetClusterInfoRequest.getDefaultInstance()).getHistoryShardCount();
      assertEquals(stack.engine() == TemporalEngine.SERVER ? TemporalEngine.SERVER_HISTORY_SHARDS : 1, shards,
          "history shards: several on the real server, one on the dev server");
    } finally {
      service.shutdown();
    }
  }

  private static String create(ReelayStack.App api, ReelayStack.Account account, String model, String prompt) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("model", model);
    body.put("prompt", prompt);
    body.put("duration_seconds", 2);
    body.put("resolution", "480p");
    HttpResponse<String> response =
        api.client().post("/v1/generations", account.apiKey(), body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertEquals(201, response.statusCode(), response.body());
    return ReelayClient.json(response).get("id").asText();
  }

  private static void join(Future<String> future) {
    try {
      future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, JsonNode> awaitFinished(ReelayStack.App api, ReelayStack.Account account, List<String> ids, int seconds)
      throws Exception {
    Map<String, JsonNode> finished = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (finished.size() < ids.size() && System.nanoTime() < deadline) {
      for (String id : ids) {
        if (!finished.containsKey(id)) {
          JsonNode generation = ReelayClient.json(api.client().get("/v1/generations/" + id, account.apiKey()));
          if (List.of("completed", "failed", "canceled", "expired").contains(generation.get("status").asText())) {
            finished.put(id, generation);
          }
        }
      }
      Thread.sleep(500);
    }
    assertEquals(ids.size(), finished.size(), "generations still not finished after " + seconds + " s");
    return finished;
  }

  private static int countNotFinished(ReelayStack stack, ReelayStack.Account account) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM generations WHERE account_id = ? AND status IN ('pending', 'processing')")) {
      ps.setObject(1, UUID.fromString(account.accountId()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** What the read model and the ledger hold about one generation. */
  record Stored(String assetKey, String sha256, long costMicros, int captures) {}

  private static Map<String, Stored> stored(ReelayStack stack, ReelayStack.Account account) throws Exception {
    Map<String, Stored> stored = new HashMap<>();
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT g.id::text, g.asset_key, g.video_sha256, coalesce(g.cost_micros, 0),"
                    + " (SELECT count(*) FROM ledger_entries l WHERE l.generation_id = g.id AND l.kind = 'capture')"
                    + " FROM generations g WHERE g.account_id = ?")) {
      ps.setObject(1, UUID.fromString(account.accountId()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getString(1), new Stored(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5)));
        }
      }
    }
    return stored;
  }

  private static Map<String, Long> money(ReelayStack stack, ReelayStack.Account account) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps = c.prepareStatement("SELECT captured_micros, reserved_micros FROM accounts WHERE id = ?")) {
      ps.setObject(1, UUID.fromString(account.accountId()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Map.of("captured", rs.getLong(1), "reserved", rs.getLong(2));
      }
    }
  }
}
