package io.reelay.app.compat.vinci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.HttpStatus;
import io.reelay.app.api.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core's errors in Vinci's words. */
class VinciErrorsTest {

  @Test
  void aRateLimitRefusalSaysWhenToRetry() {
    ApiException refused =
        new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED", "slow down", null, Map.of("Retry-After", "37"));
    assertEquals("Rate limit exceeded. Try again in 37 seconds.", VinciErrors.detail(refused));
  }

  @Test
  void insufficientBalanceNamesTheBalanceAndWhatWasRequired() {
    ApiException core = new ApiException(HttpStatus.PAYMENT_REQUIRED, "INSUFFICIENT_CREDITS", "below the estimated cost");
    ApiException vinci = VinciErrors.insufficientBalance(core, 1_250_000, 2_500_000);
    assertEquals(HttpStatus.PAYMENT_REQUIRED, vinci.status());
    assertEquals("Insufficient balance. Current balance: $1.25, required: $2.50", VinciErrors.detail(vinci));
    assertEquals("Insufficient balance: below the estimated cost", VinciErrors.detail(core));
  }

  @Test
  void nativeFieldNamesBecomeVincis() {
    ApiException invalid = ApiException.invalid("rate_limit_per_minute", "rate_limit_per_minute must be an integer from 1 to 50");
    assertEquals("rate_limit must be an integer from 1 to 50", VinciErrors.detail(invalid));
  }

  @Test
  void anInternalErrorSaysNothingOfItsCause() {
    ApiException broken = new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "NullPointerException at x.y");
    assertEquals("Internal server error", VinciErrors.detail(broken));
  }

  @Test
  void aBadKeyIsUnauthorized() {
    ApiException refused = new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "the API key is not valid");
    assertEquals("Invalid API key: the API key is not valid", VinciErrors.detail(refused));
  }
}
