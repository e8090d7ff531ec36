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
      new ProviderHttp("vinci", JsonMapper.createDefault(), body -> new String[] {null, ProviderHttp.text(body, "detail")});

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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
