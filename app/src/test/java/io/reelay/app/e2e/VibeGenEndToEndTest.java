package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The VibeGen adapter against the VibeGen emulator over real HTTP, through the whole pipeline.
 * VibeGen calls back, so a generation finishes long before the (two-minute) fallback poll —
 * also when callbacks come twice, late, or before the task is really done.
 */
class VibeGenEndToEndTest {

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VIBEGEN_ENABLED", "true",
                "REELAY_VIBEGEN_POLL_SECONDS", "120",
                "REELAY_EMULATORS_VIBEGEN_DELAY_SECONDS", "1",
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
  void theCallbackFinishesTheGenerationAndDuplicatesChargeOnce() throws Exception {
    String key = stack.newAccount("vibegen-callback", "2.00");
    long started = System.currentTimeMillis();
    JsonNode g = create(key, "a lantern festival [vibegen:callback-twice]", 201);
    assertEquals("vibegen", g.get("provider").asText());
    assertEquals(0, new BigDecimal("0.30").compareTo(g.get("estimated_cost_usd").decimalValue()));
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertTrue(System.currentTimeMillis() - started < 60_000, "finished by callback, not by the 120 s poll");
    assertEquals(0, new BigDecimal("0.30").compareTo(done.get("cost_usd").decimalValue()));
    assertEquals(1, captures(key));
  }

  @Test
  void aCallbackThatArrivesBeforeTheTaskIsDoneIsCheckedNotBelieved() throws Exception {
    String key = stack.newAccount("vibegen-early", "2.00");
    JsonNode g = create(key, "patience [vibegen:callback-early] [vibegen:delay=4]", 201);
    JsonNode done = stack.awaitStatus(key, g.get("id").asText(), "completed", Duration.ofSeconds(90));
    assertEquals(100, done.get("progress").asInt());
    assertEquals(1, captures(key));
  }

  @Test
  void refusalsAndFailuresReleaseTheHold() throws Exception {
    String key = stack.newAccount("vibegen-failures", "2.00");
    JsonNode refused = create(key, "no credits upstream [vibegen:402]", 201);
    assertEquals("PROVIDER_REJECTED", stack.awaitStatus(key, refused.get("id").asText(), "failed", Duration.ofSeconds(90)).get("error").get("code").asText());
    JsonNode failed = create(key, "content policy [vibegen:fail]", 201);
    assertEquals("PROVIDER_FAILED", stack.awaitStatus(key, failed.get("id").asText(), "failed", Duration.ofSeconds(90)).get("error").get("code").asText());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("2.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
  }

  @Test
  void onlyTheAllowedDurationsCanBeOrdered() throws Exception {
    String key = stack.newAccount("vibegen-durations", "2.00");
    HttpResponse<String> seven =
        stack.post("/v1/generations", key, Map.of("model", "vibegen-video", "prompt", "x", "duration_seconds", 7), Map.of());
    assertEquals(400, seven.statusCode(), seven.body());
    assertEquals("duration_seconds", LocalStack.json(seven).get("error").get("param").asText());
  }

  private static JsonNode create(String key, String prompt, int expected) throws Exception {
    HttpResponse<String> response =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", "vibegen-video", "prompt", prompt, "duration_seconds", 5, "resolution", "480p"),
            Map.of());
    assertEquals(expected, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

  private static int captures(String key) throws Exception {
    int captures = 0;
    for (JsonNode e : LocalStack.json(stack.get("/v1/ledger", key)).get("data")) {
      captures += e.get("kind").asText().equals("capture") ? 1 : 0;
    }
    return captures;
  }

}
