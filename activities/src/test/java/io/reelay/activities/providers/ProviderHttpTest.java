package io.reelay.activities.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How provider answers map onto retryable or definitive failures, with their retry hints. */
class ProviderHttpTest {

  private final ProviderHttp http =
      new ProviderHttp("vinci", JsonMapper.createDefault(), body -> ProviderHttp.ErrorBody.of(null, ProviderHttp.text(body, "detail")));

  @Test
  void definitiveStatusesAreNotRetried() {
    for (int status : new int[] {400, 401, 402, 403, 404, 413}) {
      ProviderException e = http.failure(status, bytes("{\"detail\": \"no\"}"), null);
      assertFalse(e.retryable(), "status " + status);
      assertEquals("no", e.getMessage());
      assertEquals("HTTP_" + status, e.code());
    }
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedWithTheirHints() {
    ProviderException limited =
        http.failure(429, bytes("{\"detail\": \"Rate limit exceeded. Try again in 60 seconds.\"}"), null);
    assertTrue(limited.retryable());
    assertEquals(Duration.ofSeconds(60), limited.retryAfter(), "hint read from the message");

    ProviderException header = http.failure(429, bytes("{}"), "7");
    assertEquals(Duration.ofSeconds(7), header.retryAfter(), "Retry-After wins");

    ProviderException down = http.failure(503, bytes("<html>bad gateway</html>"), null);
    assertTrue(down.retryable());
    assertNull(down.retryAfter());
    assertEquals("vinci answered 503", down.getMessage());
  }

  @Test
  void aHintInTheErrorBodyIsUsedWhenThereIsNoHeaderAndNumbersAreReadWhole() {
    ProviderHttp withBodyHint =
        new ProviderHttp(
            "videogenapi",
            JsonMapper.createDefault(),
            body -> new ProviderHttp.ErrorBody(null, "rate limited", Duration.ofSeconds(body.get("reset").getLongValue())));
    assertEquals(Duration.ofSeconds(42), withBodyHint.failure(429, bytes("{\"reset\": 42}"), null).retryAfter());
    assertEquals(Duration.ofSeconds(3), withBodyHint.failure(429, bytes("{\"reset\": 42}"), "3").retryAfter(), "Retry-After wins");

    // six digits are not a five-digit hint read from their tail
    assertNull(http.failure(503, bytes("{\"detail\": \"back in 123456 seconds\"}"), null).retryAfter());
  }

  @Test
  void anExpiredResultUrlIsRetriedSoTheAdapterCanAskForAFreshOne() throws Exception {
    com.sun.net.httpserver.HttpServer storage =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    storage.createContext(
        "/",
        exchange -> {
          int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    storage.start();
    try {
      for (int status : new int[] {401, 403, 404, 410}) {
        ProviderException e = downloadFailure(storage, status);
        assertTrue(e.retryable(), "status " + status);
        assertEquals("RESULT_URL_EXPIRED", e.code());
        assertFalse(e.providerTrouble(), "an expired link says nothing about the provider's health");
      }
      ProviderException refused = downloadFailure(storage, 400);
      assertFalse(refused.retryable());
      ProviderException down = downloadFailure(storage, 502);
      assertTrue(down.retryable());
      assertTrue(down.providerTrouble());
    } finally {
      storage.stop(0);
    }
  }

  private ProviderException downloadFailure(com.sun.net.httpserver.HttpServer storage, int status) {
    java.net.URI url = java.net.URI.create("http://127.0.0.1:" + storage.getAddress().getPort() + "/" + status);
    try {
      http.download(url).close();
    } catch (ProviderException e) {
      return e;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("status " + status + " was not a failure");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
