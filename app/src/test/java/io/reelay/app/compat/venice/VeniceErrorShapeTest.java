package io.reelay.app.compat.venice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core's errors in Venice's envelope. */
class VeniceErrorShapeTest {

  private final VeniceErrorShape shape = new VeniceErrorShape();

  @Test
  void aRefusedFieldIsNamedAsTheDocumentNamesIt() {
    VeniceErrorBody body =
        VeniceErrorShape.body(ApiException.invalid("duration_seconds", "duration_seconds must be one of [5, 10] for sim-studio"));
    assertEquals("duration must be one of [5, 10] for sim-studio", body.error());
    assertEquals(List.of(body.error()), body.details().get("duration").errors());
    assertNull(body.status());
  }

  @Test
  void aFailedJobSaysFailed() {
    VeniceErrorBody body =
        VeniceErrorShape.body(
            new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, VeniceVideoController.GENERATION_FAILED, "Generation failed: boom"));
    assertEquals(new VeniceErrorBody("Generation failed: boom", null, "failed"), body);
  }

  @Test
  void statusAndHeadersAreKept() {
    MutableHttpResponse<?> limited =
        shape.render(
            new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED", "slow down", null, Map.of("Retry-After", "12")));
    assertEquals(429, limited.getStatus().getCode());
    assertEquals("12", limited.getHeaders().get("Retry-After"));
    assertEquals(new VeniceErrorBody("slow down", null, null), limited.body());
    MutableHttpResponse<?> poor = shape.render(new ApiException(HttpStatus.PAYMENT_REQUIRED, "INSUFFICIENT_CREDITS", "top up"));
    assertEquals(402, poor.getStatus().getCode());
  }
}
