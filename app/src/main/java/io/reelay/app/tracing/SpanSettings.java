package io.reelay.app.tracing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import jakarta.inject.Singleton;

/**
 * What Reelay adds to the SDK Micronaut builds: no secret leaves in a URL attribute, and SQL
 * outside any request or activity is not traced.
 */
@Singleton
@Requires(property = "micronaut.otel.enabled", value = "true", defaultValue = "true")
class SpanSettings implements OpenTelemetryBuilderCustomizer {

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addTracerProviderCustomizer((tracerProvider, config) -> tracerProvider.addSpanProcessor(new QueryRedaction()));
    builder.addSamplerCustomizer((configured, config) -> new QuietBackground(configured));
  }
}
