package io.reelay.activities;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * With metrics turned off (micronaut.metrics.enabled=false, REELAY_METRICS_ENABLED=false) the
 * micrometer module supplies no registry; the code that counts gets one that keeps nothing.
 */
@Factory
class MetricsOff {

  @Singleton
  @Requires(property = "micronaut.metrics.enabled", value = "false")
  MeterRegistry discardingRegistry() {
    return new CompositeMeterRegistry(); // with no registry added, every meter is a no-op
  }
}
