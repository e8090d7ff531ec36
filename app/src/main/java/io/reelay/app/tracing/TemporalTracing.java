package io.reelay.app.tracing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import jakarta.inject.Singleton;

/**
 * Carries the trace across the Temporal boundary when tracing is on (the OpenTelemetry bean exists
 * only then, see {@code micronaut.otel.enabled}): the client interceptor opens a StartWorkflow
 * span and puts the trace context into the workflow's headers; the worker interceptor continues it
 * in RunWorkflow, StartActivity and RunActivity spans, so an activity's own calls (provider HTTP,
 * downloads, webhooks) are children of the API request that started the generation.
 *
 * <p>Temporal's Java SDK 1.38 ships its interceptors for OpenTracing only (no OpenTelemetry-native
 * module is published for it); OpenTelemetry's OpenTracing shim turns them into OpenTelemetry
 * spans, propagated with the configured propagators (W3C trace context by default). The spans are
 * not commands: workflow code, its history and its replay stay as they are.
 */
@Factory
@Requires(beans = OpenTelemetry.class)
public class TemporalTracing {

  /** Outside the worker's other interceptors, so they see the RunActivity span as current. */
  public static final int WORKER_INTERCEPTOR_ORDER = 100;

  @Singleton
  OpenTracingOptions openTracingOptions(OpenTelemetry openTelemetry) {
    return OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(openTelemetry)).build();
  }

  @Singleton
  WorkflowClientInterceptor clientTracing(OpenTracingOptions options) {
    return new OpenTracingClientInterceptor(options);
  }

  @Singleton
  @Order(WORKER_INTERCEPTOR_ORDER)
  WorkerInterceptor workerTracing(OpenTracingOptions options) {
    return new OpenTracingWorkerInterceptor(options);
  }
}
