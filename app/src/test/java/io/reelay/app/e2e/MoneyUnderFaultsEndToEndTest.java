package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Money under faults, on the real Temporal dev server: 100 generations — successes, provider
 * failures, cancels and refused creates — while the worker JVM is SIGKILLed and restarted
 * several times. Afterwards the audit is clean and every balance equals what this test computes
 * on its own from what it asked for.
 */
class MoneyUnderFaultsEndToEndTest {

  private static final BigDecimal PRICE_PER_SECOND = new BigDecimal("0.05");
  private static final int GENERATIONS = 100;
  private static final int KILLS = 3;

  private static LocalStack stack;

  /** What the test asked for, and so what it expects. */
  private enum Kind { SUCCEED, FAIL, CANCEL, POOR }

  private record Asked(int index, Kind kind, int seconds, String account) {}

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "3",
                "REELAY_SIM_POLL_SECONDS", "1",
                "REELAY_SIM_FAST_POLL_SECONDS", "5",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theAuditIsCleanAndEveryBalanceIsExactAfterRepeatedWorkerCrashes() throws Exception {
    String rich = stack.newAccount("faults-rich", "30.00");
    String poor = stack.newAccount("faults-poor", "0.30");

    List<Asked> plan = new ArrayList<>();
    for (int i = 0; i < GENERATIONS; i++) {
      Kind kind =
          switch (i % 10) {
            case 0, 1, 2, 3, 4 -> Kind.SUCCEED;
            case 5, 6 -> Kind.FAIL;
            case 7, 8 -> Kind.CANCEL;
            default -> Kind.POOR;
          };
      int seconds = kind == Kind.POOR ? 5 : 1 + i % 3;
      plan.add(new Asked(i, kind, seconds, kind == Kind.POOR ? poor : rich));
    }

    // crash the worker (API + worker JVM) a few times while the generations are created and run
    AtomicInteger kills = new AtomicInteger();
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<?> killer =
        background.submit(
            () -> {
              for (int k = 0; k < KILLS; k++) {
                Thread.sleep(k == 0 ? 4000 : 7000);
                stack.killApp();
                kills.incrementAndGet();
                Thread.sleep(1000);
                stack.startApp();
              }
              return null;
            });

    Map<Integer, JsonNode> created = new ConcurrentHashMap<>();
    Map<Integer, Integer> createStatus = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<?>> calls = new ArrayList<>();
    for (Asked asked : plan) {
      calls.add(
          clients.submit(
              () -> {
                HttpResponse<String> response =
                    untilDefinitive(
                        () ->
                            stack.post(
                                "/v1/generations",
                                asked.account(),
                                body(asked),
                                Map.of("Idempotency-Key", "fault-test-" + asked.index())));
                createStatus.put(asked.index(), response.statusCode());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                  JsonNode generation = LocalStack.json(response);
                  created.put(asked.index(), generation);
                  if (asked.kind() == Kind.CANCEL) {
                    String id = generation.get("id").asText();
                    untilDefinitive(() -> stack.post("/v1/generations/" + id + "/cancel", asked.account(), null, Map.of()));
                  }
                }
                return null;
              }));
    }
    for (Future<?> call : calls) {
      call.get(10, TimeUnit.MINUTES);
    }
    killer.get(5, TimeUnit.MINUTES);
    clients.shutdown();
    background.shutdown();
    assertEquals(KILLS, kills.get());

    // the audit also holds while generations are still running
    HttpResponse<String> midway = untilDefinitive(() -> stack.get("/admin/v1/audit", LocalStack.ADMIN_TOKEN));
    assertEquals(200, midway.statusCode(), midway.body());
    assertTrue(LocalStack.json(midway).get("ok").asBoolean(), "audit while running: " + midway.body());

    // every generation reaches the end its kind calls for
    BigDecimal richSpent = BigDecimal.ZERO;
    BigDecimal poorSpent = BigDecimal.ZERO;
    int poorAdmitted = 0;
    for (Asked asked : plan) {
      int status = createStatus.get(asked.index());
      if (asked.kind() == Kind.POOR && status == 402) {
        continue;
      }
      assertTrue(status == 201 || status == 200, "create " + asked.index() + " answered " + status);
      String id = created.get(asked.index()).get("id").asText();
      String expected =
          switch (asked.kind()) {
            case SUCCEED, POOR -> "completed";
            case FAIL -> "failed";
            case CANCEL -> "canceled";
          };
      JsonNode end = awaitTerminal(asked.account(), id, Duration.ofMinutes(4));
      assertEquals(expected, end.get("status").asText(), "generation " + asked.index() + ": " + end);
      BigDecimal cost = end.get("cost_usd").decimalValue();
      if (expected.equals("completed")) {
        BigDecimal price = PRICE_PER_SECOND.multiply(BigDecimal.valueOf(asked.seconds()));
        assertEquals(0, price.compareTo(cost), "generation " + asked.index() + " cost " + cost);
        if (asked.kind() == Kind.POOR) {
          poorSpent = poorSpent.add(price);
          poorAdmitted++;
        } else {
          richSpent = richSpent.add(price);
        }
      } else {
        assertEquals(0, cost.signum(), "generation " + asked.index() + " was charged " + cost);
      }
    }
    assertEquals(1, poorAdmitted, "the poor account can afford exactly one 5 s video");

    assertBalance(rich, new BigDecimal("30.00").subtract(richSpent));
    assertBalance(poor, new BigDecimal("0.30").subtract(poorSpent));

    HttpResponse<String> audit = stack.get("/admin/v1/audit", LocalStack.ADMIN_TOKEN);
    assertEquals(200, audit.statusCode(), audit.body());
    JsonNode report = LocalStack.json(audit);
    assertTrue(report.get("ok").asBoolean(), "audit: " + report);
    assertEquals(0, report.get("violations").size());
    assertEquals(0, report.get("active_holds").asInt());
    assertTrue(report.get("generations_checked").asInt() >= GENERATIONS - 10);
  }

  private static Map<String, Object> body(Asked asked) {
    String marker =
        switch (asked.kind()) {
          case FAIL -> " [sim:fail]";
          case CANCEL -> " [sim:never]";
          default -> " [sim:delay=" + (2 + asked.index() % 5) + "]";
        };
    return Map.of(
        "model", asked.index() % 2 == 0 ? "sim-fast" : "sim-poll",
        "prompt", "fault test " + asked.index() + marker,
        "duration_seconds", asked.seconds(),
        "resolution", "480p",
        "seed", asked.index() % 5);
  }

  /**
   * Retries a call through crashes: connection errors and 5xx mean "the server was down", so the
   * same request (same Idempotency-Key) goes again until it gets a definitive answer.
   */
  private static HttpResponse<String> untilDefinitive(Callable<HttpResponse<String>> call) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    Exception last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> response = call.call();
        if (response.statusCode() < 500) {
          return response;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no definitive answer in 180 s", last);
  }

  private static JsonNode awaitTerminal(String key, String id, Duration timeout) throws Exception {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = untilDefinitive(() -> stack.get("/v1/generations/" + id, key));
      last = LocalStack.json(response);
      String status = last.get("status").asText();
      if (status.equals("completed") || status.equals("failed") || status.equals("canceled")) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("generation " + id + " did not finish: " + last);
  }

  private static void assertBalance(String key, BigDecimal expected) throws Exception {
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, expected.compareTo(balance.get("balance_usd").decimalValue()), "balance " + balance);
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum(), "reserved " + balance);
  }

}
