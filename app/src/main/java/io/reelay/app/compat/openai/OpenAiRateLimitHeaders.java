package io.reelay.app.compat.openai;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.reelay.app.api.ApiAuth;
import java.time.Instant;

/**
 * The key's rate limit under OpenAI's header names (x-ratelimit-limit-requests, -remaining-requests
 * and -reset-requests, the last a duration such as "1m30s"), beside the X-RateLimit-* headers
 * every response has.
 */
@ServerFilter("/compat/openai/**")
public class OpenAiRateLimitHeaders {

  @ResponseFilter
  public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    ApiAuth.rateLimit(request)
        .ifPresent(
            decision -> {
              response.header("x-ratelimit-limit-requests", String.valueOf(decision.limit()));
              response.header("x-ratelimit-remaining-requests", String.valueOf(decision.remaining()));
              response.header(
                  "x-ratelimit-reset-requests",
                  duration(decision.resetEpochSeconds() - Instant.now().getEpochSecond()));
            });
  }

  /** Seconds as OpenAI writes a reset: "0s", "45s", "1m30s". */
  static String duration(long seconds) {
    long s = Math.max(0, seconds);
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }
}
