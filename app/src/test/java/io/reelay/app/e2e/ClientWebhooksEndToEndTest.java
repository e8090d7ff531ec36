package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.app.e2e.WebhookReceiver.Received;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client webhooks on the real stack: signed per Standard Webhooks (checked by the reference
 * Python library), delivered durably by Temporal through receiver failures and a worker SIGKILL,
 * stopped by a 4xx, redelivered on request, and refused for non-public addresses.
 */
class ClientWebhooksEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_POLL_SECONDS", "1",
                // the receivers run on loopback; only 127.0.0.1 itself is exempt from the address rule
                "REELAY_WEBHOOKS_ALLOWED_CIDRS", "127.0.0.1/32",
                "REELAY_WEBHOOKS_RETRY_INITIAL_SECONDS", "1",
                "REELAY_WEBHOOKS_RETRY_MAX_SECONDS", "2",
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
  void aCompletedGenerationPostsASignedEventThatTheReferenceLibraryVerifies() throws Exception {
    String key = stack.newAccount("hooks-signed", "1.00");
    String secret = LocalStack.json(stack.get("/v1/webhook-secret", key)).get("secret").asText();
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals(secret, LocalStack.json(stack.get("/v1/webhook-secret", key)).get("secret").asText(), "stable until rotated");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String id = create(key, "sim-fast", "a lighthouse at dusk", receiver.url("/hooks/reelay?token=rcv-secret-42"));
      stack.awaitStatus(key, id, "completed", Duration.ofSeconds(60));

      Received hook = receiver.await(1, Duration.ofSeconds(30)).get(0);
      assertEquals("/hooks/reelay?token=rcv-secret-42", hook.headers().get(":path"));
      assertEquals("application/json", hook.headers().get("content-type"));
      assertTrue(hook.headers().get("webhook-signature").matches("v1,[A-Za-z0-9+/=]{44}"), hook.headers().toString());
      assertEquals("verified", WebhookReceiver.verifyWithStandardWebhooks(secret, hook, stack.workDir));
      // the same library rejects it under another secret: the check above can fail
      String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
      assertTrue(
          WebhookReceiver.verifyWithStandardWebhooks(other, hook, stack.workDir).contains("No matching signature"));

      JsonNode event = JSON.readTree(hook.body());
      assertEquals("generation.completed", event.get("type").asText());
      JsonNode generation = LocalStack.json(stack.get("/v1/generations/" + id, key));
      assertEquals(generation, event.get("data"), "the data is the generation as GET shows it");
      assertTrue(event.get("data").get("video_url").asText().endsWith("/v1/generations/" + id + "/content"));

      JsonNode deliveries = deliveries(key, id);
      assertEquals(1, deliveries.size());
      JsonNode delivery = deliveries.get(0);
      assertEquals("delivered", delivery.get("status").asText());
      assertEquals("automatic", delivery.get("trigger").asText());
      assertEquals(hook.headers().get("webhook-id"), delivery.get("webhook_id").asText());
      assertEquals(1, delivery.get("attempts").size());
      assertEquals(204, delivery.get("attempts").get(0).get("response_status").asInt());
      Thread.sleep(1500);
      assertEquals(1, receiver.received().size(), "a delivered event is not sent again");
    }
  }

  @Test
  void aReceiverFailingThreeTimesGetsExactlyOneSuccessEvenThoughTheWorkerWasKilled() throws Exception {
    String key = stack.newAccount("hooks-durable", "1.00");
    String secret = LocalStack.json(stack.get("/v1/webhook-secret", key)).get("secret").asText();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(n -> n <= 3 ? 503 : 200);
      String id = create(key, "sim-poll", "waves on a breakwater", receiver.url("/hook"));
      stack.awaitStatus(key, id, "completed", Duration.ofSeconds(60));

      // the first refusal is recorded: crash the worker while the delivery waits to retry
      awaitFirstAttemptAnswered(key, id);
      stack.killApp();
      stack.startApp();

      List<Received> all = receiver.await(4, Duration.ofSeconds(120));
      Thread.sleep(4000); // long enough for a (wrong) fifth attempt at the 2 s interval
      all = receiver.received();
      assertEquals(List.of(503, 503, 503, 200), all.stream().map(Received::answered).toList());
      assertEquals(1, all.stream().filter(r -> r.answered() / 100 == 2).count(), "exactly one success");
      assertEquals(1, all.stream().map(r -> r.headers().get("webhook-id")).distinct().count(), "one message id");
      assertEquals("verified", WebhookReceiver.verifyWithStandardWebhooks(secret, all.get(3), stack.workDir));

      JsonNode delivery = awaitDelivery(key, id, 0, "delivered");
      // every attempt that got an answer is recorded with it; one that was in flight when the
      // worker died (if the kill caught one) stays open, without an answer
      List<Integer> answers = new java.util.ArrayList<>();
      for (JsonNode attempt : delivery.get("attempts")) {
        if (attempt.get("response_status").isNull()) {
          assertTrue(attempt.get("finished_at").isNull(), attempt.toString());
          continue;
        }
        answers.add(attempt.get("response_status").asInt());
        assertEquals(
            attempt.get("response_status").asInt() == 200, attempt.get("error").isNull(), attempt.toString());
      }
      assertEquals(List.of(503, 503, 503, 200), answers, delivery.toString());
    }
  }

  @Test
  void a4xxStopsRetryingAndARedeliverySendsTheSameMessageAgain() throws Exception {
    String key = stack.newAccount("hooks-410", "1.00");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      receiver.answer(n -> n == 1 ? 410 : 200);
      String id = create(key, "sim-fast", "a paper boat [sim:fail]", receiver.url("/gone"));
      stack.awaitStatus(key, id, "failed", Duration.ofSeconds(60));

      JsonNode failed = awaitDelivery(key, id, 0, "failed");
      Thread.sleep(3000);
      assertEquals(1, receiver.received().size(), "a 410 is not retried");
      assertEquals(1, failed.get("attempts").size());
      assertTrue(failed.get("failure_reason").asText().contains("HTTP 410"), failed.toString());
      JsonNode event = JSON.readTree(receiver.received().get(0).body());
      assertEquals("generation.failed", event.get("type").asText());
      assertFalse(event.get("data").get("error").isNull(), "a failed generation's event says why");

      HttpResponse<String> redelivery = stack.post("/v1/generations/" + id + "/webhook-deliveries/redeliver", key, null, Map.of());
      assertEquals(202, redelivery.statusCode(), redelivery.body());
      assertEquals("redelivery", LocalStack.json(redelivery).get("trigger").asText());
      awaitDelivery(key, id, 1, "delivered");
      List<Received> all = receiver.received();
      assertEquals(2, all.size());
      assertEquals(all.get(0).headers().get("webhook-id"), all.get(1).headers().get("webhook-id"));
      assertEquals(all.get(0).body(), all.get(1).body(), "the same message");
      assertNotEquals(all.get(0).headers().get("webhook-signature"), all.get(1).headers().get("webhook-signature"));
    }
  }

  @Test
  void anAccountDefaultUrlAndARotatedSecretSignTogetherDuringTheGracePeriod() throws Exception {
    String key = stack.newAccount("hooks-default", "1.00");
    String first = LocalStack.json(stack.get("/v1/webhook-secret", key)).get("secret").asText();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      HttpResponse<String> set = put("/v1/webhook-endpoint", key, Map.of("url", receiver.url("/default")));
      assertEquals(200, set.statusCode(), set.body());
      assertEquals(receiver.url("/default"), LocalStack.json(stack.get("/v1/webhook-endpoint", key)).get("url").asText());
      HttpResponse<String> rotated = stack.post("/v1/webhook-secret", key, null, Map.of());
      assertEquals(200, rotated.statusCode(), rotated.body());
      String second = LocalStack.json(rotated).get("secret").asText();
      assertNotEquals(first, second);
      assertFalse(LocalStack.json(rotated).get("previous_secret_valid_until").isNull());

      String id = create(key, "sim-fast", "a kite over dunes", null);
      stack.awaitStatus(key, id, "completed", Duration.ofSeconds(60));
      Received hook = receiver.await(1, Duration.ofSeconds(30)).get(0);
      assertEquals("/default", hook.headers().get(":path"));
      assertEquals(2, hook.headers().get("webhook-signature").split(" ").length, "new and previous secret sign");
      assertEquals("verified", WebhookReceiver.verifyWithStandardWebhooks(second, hook, stack.workDir));
      assertEquals("verified", WebhookReceiver.verifyWithStandardWebhooks(first, hook, stack.workDir));

      assertEquals(204, stack.delete("/v1/webhook-endpoint", key).statusCode());
      assertTrue(LocalStack.json(stack.get("/v1/webhook-endpoint", key)).get("url").isNull());
      String quiet = create(key, "sim-fast", "no hook any more", null);
      stack.awaitStatus(key, quiet, "completed", Duration.ofSeconds(60));
      assertEquals(0, deliveries(key, quiet).size());
      HttpResponse<String> none = stack.post("/v1/generations/" + quiet + "/webhook-deliveries/redeliver", key, null, Map.of());
      assertEquals(409, none.statusCode(), none.body());
      assertEquals("NO_WEBHOOK_URL", LocalStack.json(none).get("error").get("code").asText());
    }
  }

  @Test
  void webhookUrlsToNonPublicAddressesAreRefusedAndNothingIsCharged() throws Exception {
    String key = stack.newAccount("hooks-ssrf", "1.00");
    for (String url :
        List.of(
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://192.168.1.10:8080/hook",
            "http://[::1]/hook",
            "http://127.0.0.2/hook", // loopback, but not the allow-listed 127.0.0.1
            "ftp://example.com/hook",
            "http://user:pass@example.com/hook")) {
      Map<String, Object> body = new HashMap<>(Map.of("model", "sim-fast", "prompt", "ssrf probe", "duration_seconds", 2));
      body.put("webhook_url", url);
      HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
      assertEquals(400, response.statusCode(), url + ": " + response.body());
      JsonNode error = LocalStack.json(response).get("error");
      assertEquals("INVALID_PARAMETER", error.get("code").asText(), url);
      assertEquals("webhook_url", error.get("param").asText(), url);
      HttpResponse<String> endpoint = put("/v1/webhook-endpoint", key, Map.of("url", url));
      assertEquals(400, endpoint.statusCode(), url + ": " + endpoint.body());
    }
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, LocalStack.json(stack.get("/v1/generations", key)).get("data").size());
    assertTrue(LocalStack.json(stack.get("/v1/webhook-endpoint", key)).get("url").isNull());
  }

  @Test
  void deliveriesOfAnotherAccountsGenerationAreNotFound() throws Exception {
    String owner = stack.newAccount("hooks-owner", "1.00");
    String stranger = stack.newAccount("hooks-stranger", "1.00");
    String id = create(owner, "sim-fast", "private", null);
    assertEquals(404, stack.get("/v1/generations/" + id + "/webhook-deliveries", stranger).statusCode());
    assertEquals(
        404, stack.post("/v1/generations/" + id + "/webhook-deliveries/redeliver", stranger, null, Map.of()).statusCode());
    assertNotEquals(
        LocalStack.json(stack.get("/v1/webhook-secret", owner)).get("secret").asText(),
        LocalStack.json(stack.get("/v1/webhook-secret", stranger)).get("secret").asText());
  }

  // ------------------------------------------------------------------------------- helpers

  private static String create(String key, String model, String prompt, String webhookUrl) throws Exception {
    Map<String, Object> body = new HashMap<>(Map.of("model", model, "prompt", prompt, "duration_seconds", 2));
    if (webhookUrl != null) {
      body.put("webhook_url", webhookUrl);
    }
    HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(201, response.statusCode(), response.body());
    return LocalStack.json(response).get("id").asText();
  }

  private static JsonNode deliveries(String key, String id) throws Exception {
    HttpResponse<String> response = stack.get("/v1/generations/" + id + "/webhook-deliveries", key);
    assertEquals(200, response.statusCode(), response.body());
    return LocalStack.json(response).get("data");
  }

  private static void awaitFirstAttemptAnswered(String key, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode all = deliveries(key, id);
      if (all.size() > 0
          && all.get(0).get("attempts").size() > 0
          && !all.get(0).get("attempts").get(0).get("response_status").isNull()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the first attempt of " + id + " was not recorded: " + deliveries(key, id));
  }

  private static JsonNode awaitDelivery(String key, String id, int index, String status) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      JsonNode all = deliveries(key, id);
      last = all;
      if (all.size() > index && all.get(index).get("status").asText().equals(status)) {
        return all.get(index);
      }
      Thread.sleep(250);
    }
    throw new AssertionError("delivery " + index + " of " + id + " did not become " + status + ": " + last);
  }

  private static HttpResponse<String> put(String path, String key, Object body) throws Exception {
    return stack.http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.appPort + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
