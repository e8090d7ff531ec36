package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.stack.Ports;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys and rate limits over HTTP, with two app instances sharing one PostgreSQL. */
class AccountAccessEndToEndTest {

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void keysAreCreatedShownOnceListedAndRevokedPerAccount() throws Exception {
    String first = stack.newAccount("keys", "1.00");
    HttpResponse<String> created =
        stack.post("/v1/keys", first, Map.of("name", "ci runner", "rate_limit_per_minute", 30), Map.of());
    assertEquals(201, created.statusCode(), created.body());
    JsonNode issued = LocalStack.json(created);
    String second = issued.get("key").asText();
    assertTrue(second.startsWith("sk-"));
    assertEquals("sk-…" + second.substring(second.length() - 6), issued.get("preview").asText());
    assertEquals(30, issued.get("rate_limit_per_minute").asInt());
    String secondId = issued.get("key_id").asText();

    JsonNode list = LocalStack.json(stack.get("/v1/keys", second));
    assertEquals(2, list.get("data").size());
    for (JsonNode key : list.get("data")) {
      assertFalse(key.has("key"), "a listed key never shows its secret");
      assertTrue(key.get("is_active").asBoolean());
      assertTrue(key.get("preview").asText().startsWith("sk-…"));
      assertTrue(key.has("last_used_at") && key.has("created_at") && key.has("rate_limit_per_minute"));
    }
    String firstId = null;
    for (JsonNode key : list.get("data")) {
      if (!key.get("id").asText().equals(secondId)) {
        firstId = key.get("id").asText();
      }
    }

    // another account sees none of these keys and cannot revoke them
    String stranger = stack.newAccount("stranger", "1.00");
    JsonNode theirs = LocalStack.json(stack.get("/v1/keys", stranger));
    assertEquals(1, theirs.get("data").size());
    assertError(stack.delete("/v1/keys/" + secondId, stranger), 404, "NOT_FOUND");
    assertEquals(200, stack.get("/v1/balance", second).statusCode());

    // revoking takes effect at once
    HttpResponse<String> revoked = stack.delete("/v1/keys/" + firstId, second);
    assertEquals(200, revoked.statusCode(), revoked.body());
    assertFalse(LocalStack.json(revoked).get("is_active").asBoolean());
    assertError(stack.get("/v1/balance", first), 401, "INVALID_API_KEY");

    // the last active key cannot lock the account out
    assertError(stack.delete("/v1/keys/" + secondId, second), 409, "LAST_ACTIVE_KEY");
    assertEquals(200, stack.get("/v1/balance", second).statusCode());

    assertError(stack.post("/v1/keys", second, Map.of("rate_limit_per_minute", 10), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.post("/v1/keys", second, Map.of("name", "x", "rate_limit_per_minute", 0), Map.of()), 400, "INVALID_PARAMETER");
    assertError(stack.delete("/v1/keys/" + UUID.randomUUID(), second), 404, "NOT_FOUND");
  }

  @Test
  void overTheLimitIsA429WithHeaders() throws Exception {
    String key = keyWithLimit(stack.newAccount("limited", "1.00"), 5);
    for (int i = 1; i <= 5; i++) {
      // requests the framework refuses (malformed JSON, unknown route) are charged like any other
      HttpResponse<String> ok =
          switch (i) {
            case 3 -> stack.post("/v1/generations", key, "{broken", Map.of());
            case 4 -> stack.get("/v1/no-such-thing", key);
            default -> stack.get("/v1/balance", key);
          };
      assertEquals(i == 3 ? 400 : i == 4 ? 404 : 200, ok.statusCode(), ok.body());
      assertEquals("5", ok.headers().firstValue("X-RateLimit-Limit").orElseThrow());
      assertEquals(String.valueOf(5 - i), ok.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
      long reset = Long.parseLong(ok.headers().firstValue("X-RateLimit-Reset").orElseThrow());
      assertTrue(reset > System.currentTimeMillis() / 1000 - 1 && reset <= System.currentTimeMillis() / 1000 + 61);
    }
    HttpResponse<String> refused = stack.get("/v1/balance", key);
    assertError(refused, 429, "RATE_LIMIT_EXCEEDED");
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertEquals("5", refused.headers().firstValue("X-RateLimit-Limit").orElseThrow());
  }

  @Test
  void twoInstancesShareOneBudget() throws Exception {
    int otherPort = Ports.free();
    stack.startExtraApp(otherPort, Map.of("REELAY_ROLES", "api"));
    String key = keyWithLimit(stack.newAccount("shared", "1.00"), 6);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, stack.get("/v1/balance", key).statusCode());
      assertEquals(200, stack.getAt(otherPort, "/v1/balance", key).statusCode());
    }
    HttpResponse<String> here = stack.get("/v1/balance", key);
    HttpResponse<String> there = stack.getAt(otherPort, "/v1/balance", key);
    assertError(here, 429, "RATE_LIMIT_EXCEEDED");
    assertError(there, 429, "RATE_LIMIT_EXCEEDED");
  }

  private static String keyWithLimit(String accountKey, int limit) throws Exception {
    HttpResponse<String> created =
        stack.post("/v1/keys", accountKey, Map.of("name", "limited", "rate_limit_per_minute", limit), Map.of());
    assertEquals(201, created.statusCode(), created.body());
    return LocalStack.json(created).get("key").asText();
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, LocalStack.json(response).get("error").get("code").asText(), response.body());
  }
}
