package io.reelay.app.roles;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.reelay.app.api.ApiErrors;
import io.reelay.app.api.ApiException;

/**
 * A process without the api role answers only /health (for its orchestrator's checks) and /metrics
 * (for its scraper): the API,
 * the provider callbacks and the simulator belong to the api processes, so a worker's port is no
 * second, half-configured way in.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class WorkerOnlyFilter implements Ordered {

  private final boolean api;

  public WorkerOnlyFilter(ProcessRoles roles) {
    this.api = roles.api();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> refuseUnlessApi(HttpRequest<?> request) {
    String path = request.getPath();
    if (api || path.equals("/health") || path.equals("/metrics")) {
      return null;
    }
    return ApiErrors.response(
        new ApiException(
            HttpStatus.NOT_FOUND,
            "NOT_FOUND",
            "this process runs only the worker role (reelay.roles); the API is served by the api processes"));
  }

  /** Before authentication and rate limits: a worker has no API to authenticate for. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }
}
