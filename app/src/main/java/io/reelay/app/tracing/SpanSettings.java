package io.reelay.app.tracing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import jakarta.inject.Singleton;

/** What Reelay adds to the SDK Micronaut builds: no secret leaves in a URL attribute. */
@Singleton
@Requires(property = "micronaut.otel.enabled", value = "true", defaultValue = "true")
class SpanSettings implements OpenTelemetryBuilderCustomizer {

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addTracerProviderCustomizer((tracerProvider, config) -> tracerProvider.addSpanProcessor(new QueryRedaction()));
  }
}
