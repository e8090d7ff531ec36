package io.reelay.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.reelay.activities.providers.ProviderMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With metrics off, the code that counts still gets a registry, one that keeps nothing. */
class MetricsOffTest {

  @Test
  void metricsOffStillLetsTheCountingBeansStart() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.metrics.enabled", false))) {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      registry.counter("reelay.test").increment();
      assertEquals(0, registry.counter("reelay.test").count(), "nothing is kept");
      context.getBean(ProviderMetrics.class);
    }
  }

  @Test
  void metricsOnByDefault() {
    try (ApplicationContext context = ApplicationContext.run(Map.of())) {
      assertEquals(1, context.getBeansOfType(MeterRegistry.class).stream()
          .filter(r -> r.getClass().getSimpleName().equals("CompositeMeterRegistry")).count());
      assertTrue(context.getBean(MeterRegistry.class).getClass().getSimpleName().contains("Composite"));
    }
  }
}
