package io.reelay.app.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.reelay.activities.accounts.AccountDirectory.ApiCaller;
import io.reelay.activities.accounts.ApiKeyCache;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;

/**
 * Resolves who is calling: an account by its API key (and charges the request to the key's rate
 * limit), or the operator by the admin token.
 */
@Singleton
public class ApiAuth {

  /** Request attribute holding the rate-limit decision, turned into headers by a filter. */
  static final String RATE_LIMIT_ATTRIBUTE = "reelay.rate-limit";

  /** Request attribute holding the caller once the filter has authenticated the request. */
  static final String CALLER_ATTRIBUTE = "reelay.caller";

  private final ApiKeyCache keys;
  private final RateLimiter rateLimiter;
  private final String adminToken;

  public ApiAuth(
      ApiKeyCache keys,
      RateLimiter rateLimiter,
      @Value("${reelay.admin-token:}") String adminToken) {
    this.keys = keys;
    this.rateLimiter = rateLimiter;
    this.adminToken = adminToken;
  }

  /** The calling account; see {@link #caller}. */
  public UUID account(HttpRequest<?> request) {
    return caller(request).accountId();
  }

  /**
   * The calling account and key; 401 INVALID_API_KEY when the key is missing, malformed or
   * revoked, 429 RATE_LIMIT_EXCEEDED when the key's budget for this minute is spent.
   */
  public ApiCaller caller(HttpRequest<?> request) {
    // authenticated (and charged) once per request, by ApiKeyFilter before any controller runs
    var known = request.getAttribute(CALLER_ATTRIBUTE, ApiCaller.class);
    if (known.isPresent()) {
      return known.get();
    }
    String key = bearer(request);
    if (key == null) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "INVALID_API_KEY",
          "send your API key as 'Authorization: Bearer <key>'");
    }
    ApiCaller caller =
        keys
            .authenticate(key)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "the API key is not valid"));
    RateLimiter.Decision decision = rateLimiter.consume(caller);
    request.setAttribute(RATE_LIMIT_ATTRIBUTE, decision);
    request.setAttribute(CALLER_ATTRIBUTE, caller);
    if (!decision.allowed()) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          "RATE_LIMIT_EXCEEDED",
          "this key may make " + decision.limit() + " requests a minute; retry in "
              + decision.retryAfterSeconds() + " s",
          null,
          Map.of("Retry-After", String.valueOf(decision.retryAfterSeconds())));
    }
    return caller;
  }

  /** The rate-limit decision of an authenticated request (for a door's own header names). */
  public static java.util.Optional<RateLimiter.Decision> rateLimit(HttpRequest<?> request) {
    return request.getAttribute(RATE_LIMIT_ATTRIBUTE, RateLimiter.Decision.class);
  }

  /** Passes only with the configured admin token. */
  public void admin(HttpRequest<?> request) {
    String token = bearer(request);
    if (adminToken == null || adminToken.isBlank()) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "INVALID_ADMIN_TOKEN", "the admin API is off: no admin token is configured");
    }
    if (token == null
        || !MessageDigest.isEqual(
            adminToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "INVALID_ADMIN_TOKEN", "send the admin token as 'Authorization: Bearer <token>'");
    }
  }

  private static String bearer(HttpRequest<?> request) {
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String value = header.substring(7).trim();
    return value.isEmpty() ? null : value;
  }
}
