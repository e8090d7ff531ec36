package io.reelay.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Every request under /v1 and the front doors' /compat (but the provider callbacks, which carry
 * their own token) is
 * authenticated and charged to its key's rate limit before anything else runs — also requests
 * the framework itself would refuse (unknown route, malformed JSON), so none of them is free.
 * Every response then carries X-RateLimit-Limit, -Remaining and -Reset.
 */
@ServerFilter({"/v1/**", "/compat/**"})
public class ApiKeyFilter {

  private final ApiAuth auth;
  private final ErrorRendering rendering;

  public ApiKeyFilter(ApiAuth auth, ErrorRendering rendering) {
    this.auth = auth;
    this.rendering = rendering;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (request.getPath().startsWith("/v1/provider-callbacks/")) {
      return null;
    }
    try {
      auth.caller(request);
      return null;
    } catch (ApiException e) {
      // a response made here skips the response filter below: add the headers ourselves
      MutableHttpResponse<?> refused = rendering.render(request, e);
      addHeaders(request, refused);
      return refused;
    }
  }

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
