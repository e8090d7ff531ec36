package io.reelay.app.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.serde.ObjectMapper;
import io.reelay.app.api.ApiException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dollar fields read as a number or a decimal string into micro-USD; the other fields keep their own JSON type. */
class AdminRequestsTest {

  private static ObjectMapper.CloseableObjectMapper json;

  @BeforeAll
  static void mapper() {
    json = ObjectMapper.create(Map.of(), "io.reelay.app.admin", "io.reelay.app.api");
  }

  @AfterAll
  static void close() {
    json.close();
  }

  @Test
  void dollarsArriveAsANumberOrADecimalString() throws Exception {
    assertEquals(10_500_000L, read("{\"name\":\"a\",\"credits_usd\":\"10.5\"}", CreateAccountRequest.class).creditsUsd());
    assertEquals(10_000_000L, read("{\"name\":\"a\",\"credits_usd\":10}", CreateAccountRequest.class).creditsUsd());
    assertNull(read("{\"name\":\"a\",\"credits_usd\":null}", CreateAccountRequest.class).creditsUsd());
    assertEquals(250_000L, read("{\"amount_usd\":0.25}", CreditRequest.class).amountUsd());
    assertRefused("{\"name\":\"a\",\"credits_usd\":\"ten\"}", CreateAccountRequest.class, "credits_usd");
    assertRefused("{\"name\":\"a\",\"credits_usd\":0}", CreateAccountRequest.class, "credits_usd");
    assertRefused("{\"amount_usd\":true}", CreditRequest.class, "amount_usd");
  }

  @Test
  void aNameMustBeAString() {
    assertRefused("{\"name\":5}", CreateAccountRequest.class, "name");
  }

  private static <T> T read(String body, Class<T> type) throws Exception {
    return json.readValue(body, type);
  }

  private static void assertRefused(String body, Class<?> type, String param) {
    Exception refused = assertThrows(Exception.class, () -> json.readValue(body, type));
    Throwable cause = refused;
    while (cause != null && !(cause instanceof ApiException)) {
      cause = cause.getCause();
    }
    assertEquals(param, cause == null ? null : ((ApiException) cause).param(), body + ": " + refused);
  }
}
