package io.reelay.activities.assets.images;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * {@link ImageFetchPolicy} from {@code reelay.images.*}: {@code max-bytes}, {@code
 * connect-timeout-ms}, {@code read-timeout-ms}, {@code max-redirects}, {@code allowed-hosts} and
 * {@code allowed-cidrs} (YAML lists or comma-separated strings).
 */
@Factory
public class ImageFetchPolicyFactory {

  @Singleton
  ImageFetchPolicy imageFetchPolicy(
      @Value("${reelay.images.max-bytes:10485760}") long maxBytes,
      @Value("${reelay.images.connect-timeout-ms:3000}") long connectTimeoutMs,
      @Value("${reelay.images.read-timeout-ms:10000}") long readTimeoutMs,
      @Value("${reelay.images.max-redirects:3}") int maxRedirects,
      @Value("${reelay.images.allowed-hosts:}") List<String> allowedHosts,
      @Value("${reelay.images.allowed-cidrs:}") List<String> allowedCidrs) {
    return new ImageFetchPolicy(
        maxBytes,
        Duration.ofMillis(connectTimeoutMs),
        Duration.ofMillis(readTimeoutMs),
        maxRedirects,
        allowedHosts,
        allowedCidrs);
  }
}
