package io.reelay.app.compat.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoGenApiErrorShapeTest {

  private final VideoGenApiErrorShape shape = new VideoGenApiErrorShape();

  private ErrorBody body(MutableHttpResponse<?> response) {
    return (ErrorBody) response.getBody().orElseThrow();
  }

  @Test
  void theCoresFieldNamesBecomeTheDocumentsInParamAndMessage() {
    ErrorBody duration =
        body(shape.render(ApiException.invalid("duration_seconds", "duration_seconds must be an integer from 1 to 20 (got 60)")));
    assertFalse(duration.success());
    assertEquals("Invalid request", duration.error());
    assertEquals("duration", duration.details().param());
    assertEquals("duration must be an integer from 1 to 20 (got 60)", duration.message());
    assertEquals("INVALID_PARAMETER", duration.details().code());
    ErrorBody audio = body(shape.render(ApiException.invalid("audio", "sim-fast does not offer audio")));
    assertEquals("add_audio", audio.details().param());
    // a name the document shares with the core stays, message and all
    ErrorBody aspect = body(shape.render(ApiException.invalid("aspect_ratio", "aspect_ratio must be one of 16:9")));
    assertEquals("aspect_ratio", aspect.details().param());
    assertEquals("aspect_ratio must be one of 16:9", aspect.message());
  }

  @Test
  void eachStatusHasItsTitleAndKeepsItsHeaders() {
    MutableHttpResponse<?> payment =
        shape.render(new ApiException(HttpStatus.PAYMENT_REQUIRED, "INSUFFICIENT_CREDITS", "balance too low"));
    assertEquals(402, payment.getStatus().getCode());
    assertEquals("Insufficient credits", body(payment).error());
    assertNull(body(payment).details().param());
    assertEquals("Unauthorized", body(shape.render(new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "no key"))).error());
    assertEquals("Not found", body(shape.render(ApiException.notFound("generation"))).error());
    MutableHttpResponse<?> unavailable =
        shape.render(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "later", null, Map.of("Retry-After", "1")));
    assertEquals("1", unavailable.getHeaders().get("Retry-After"));
  }

  @Test
  void aRateLimitOutsideARequestStillSaysWhenToRetry() {
    MutableHttpResponse<?> limited =
        shape.render(
            new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED", "slow down", null, Map.of("Retry-After", "17")));
    assertEquals(429, limited.getStatus().getCode());
    ErrorBody body = body(limited);
    assertEquals("Rate limit exceeded", body.error());
    assertEquals(17L, body.details().secondsUntilReset());
    assertEquals("17", limited.getHeaders().get("Retry-After"));
  }
}
