package io.reelay.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Puts X-RateLimit-Limit, -Remaining and -Reset on every response to an authenticated request,
 * errors included, from the decision {@link ApiAuth} made for it.
 */
@ServerFilter("/v1/**")
public class RateLimitHeaders {

  @ResponseFilter
  public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request
        .getAttribute(ApiAuth.RATE_LIMIT_ATTRIBUTE, RateLimiter.Decision.class)
        .ifPresent(
            decision -> {
              response.header("X-RateLimit-Limit", String.valueOf(decision.limit()));
              response.header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
              response.header("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
            });
  }
}
