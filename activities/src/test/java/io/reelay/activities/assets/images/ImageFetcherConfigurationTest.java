package io.reelay.activities.assets.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reelay.images.* becomes the fetcher's policy, with the documented defaults. */
class ImageFetcherConfigurationTest {

  @Test
  void defaultsWhenNothingIsConfigured() {
    try (ApplicationContext context = ApplicationContext.run(Map.of())) {
      assertEquals(ImageFetchPolicy.defaults(), context.getBean(ImageFetchPolicy.class));
      context.getBean(ImageFetcher.class);
    }
  }

  @Test
  void everyKeyIsRead() {
    Map<String, Object> properties =
        Map.of(
            "reelay.images.max-bytes", 2048,
            "reelay.images.connect-timeout-ms", 500,
            "reelay.images.read-timeout-ms", 700,
            "reelay.images.max-redirects", 1,
            "reelay.images.allowed-hosts", List.of("Assets.Internal", "minio"),
            "reelay.images.allowed-cidrs", "10.1.0.0/16, fd00::/8");
    try (ApplicationContext context = ApplicationContext.run(properties)) {
      assertEquals(
          new ImageFetchPolicy(
              2048,
              Duration.ofMillis(500),
              Duration.ofMillis(700),
              1,
              List.of("assets.internal", "minio"),
              List.of("10.1.0.0/16", "fd00::/8")),
          context.getBean(ImageFetchPolicy.class));
    }
  }
}
