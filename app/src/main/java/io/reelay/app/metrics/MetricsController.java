package io.reelay.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * GET /metrics: every meter of this process in the Prometheus text format (docs/metrics.md), on
 * every role, outside the API key. Micronaut's own PrometheusEndpoint serves the same scrape only
 * at /prometheus (its endpoint id) and only with the management endpoints on, which Reelay keeps
 * off; this controller serves the registry that library configures, at the path operators expect.
 */
@Controller("/metrics")
@Requires(beans = PrometheusMeterRegistry.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class MetricsController {

  /** The Prometheus text exposition format, as scrapers ask for it. */
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Get
  @Produces(TEXT_FORMAT)
  public String scrape() {
    return registry.scrape();
  }
}
