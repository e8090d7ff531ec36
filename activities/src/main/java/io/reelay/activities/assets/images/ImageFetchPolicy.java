package io.reelay.activities.assets.images;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Limits for fetching image inputs: the size cap, the connect timeout (each TCP connect), the
 * read timeout (the total time for one fetch, redirects included), how many redirects to follow,
 * and allow-lists that exempt host names ({@code allowedHosts}, exact match) or address ranges
 * ({@code allowedCidrs}, e.g. {@code 10.1.0.0/16}, {@code fd00::/8}, {@code 127.0.0.1}) from the
 * rule that only public addresses may be fetched. Built from {@code reelay.images.*} by {@link
 * ImageFetchPolicyFactory}.
 *
 * <p>Name resolution is the system resolver's and keeps its own timeouts; the two here start once
 * a host has resolved.
 */
public record ImageFetchPolicy(
    long maxBytes,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRedirects,
    List<String> allowedHosts,
    List<String> allowedCidrs) {

  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(3000);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(10000);
  public static final int DEFAULT_MAX_REDIRECTS = 3;

  public ImageFetchPolicy {
    // the body is held in one array
    if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("reelay.images.max-bytes must be between 1 and 2 GiB, was " + maxBytes);
    }
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("reelay.images.connect-timeout-ms must be positive");
    }
    if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("reelay.images.read-timeout-ms must be positive");
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("reelay.images.max-redirects must not be negative");
    }
    allowedHosts = cleaned(allowedHosts, true);
    allowedCidrs = cleaned(allowedCidrs, false);
  }

  /** The defaults: 10 MiB, 3 s to connect, 10 s in all, 3 redirects, nothing allow-listed. */
  public static ImageFetchPolicy defaults() {
    return new ImageFetchPolicy(
        DEFAULT_MAX_BYTES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_REDIRECTS, List.of(), List.of());
  }

  // configuration lists arrive with blanks ("" default, "a, b" strings); hosts compare lower-case
  private static List<String> cleaned(List<String> values, boolean lowerCase) {
    if (values == null) {
      return List.of();
    }
    return values.stream()
        .filter(v -> v != null && !v.isBlank())
        .map(String::trim)
        .map(v -> lowerCase ? v.toLowerCase(Locale.ROOT) : v)
        .toList();
  }
}
