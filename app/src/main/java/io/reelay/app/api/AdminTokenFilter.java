package io.reelay.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every request under /admin is checked for the admin token before anything else runs: the
 * request records are read and validated before a controller method starts, and a caller without
 * the token must get 401, never a 400 about a body it may not send.
 */
@ServerFilter("/admin/**")
public class AdminTokenFilter {

  private final ApiAuth auth;

  public AdminTokenFilter(ApiAuth auth) {
    this.auth = auth;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    try {
      auth.admin(request);
      return null;
    } catch (ApiException e) {
      return ApiErrors.response(e);
    }
  }
}
