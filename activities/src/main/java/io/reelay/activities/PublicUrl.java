package io.reelay.activities;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * How clients and providers reach this server: video URLs and provider callback URLs are built
 * from it. {@code reelay.public-url} when set (behind a proxy, on another host), else this
 * server's own loopback address.
 */
@Singleton
public class PublicUrl {

  private final String base;

  public PublicUrl(
      @Value("${reelay.public-url:}") String configured,
      @Value("${micronaut.server.port:8080}") int port) {
    String url = configured == null || configured.isBlank() ? "http://127.0.0.1:" + port : configured.trim();
    this.base = url.replaceAll("/+$", "");
  }

  /**
   * A provider's base URL: the configured one, or else a path on this server (where the
   * simulator and the emulators are served). Never with a trailing slash.
   */
  public String orOwn(String configured, String ownPath) {
    String url = configured == null || configured.isBlank() ? base + ownPath : configured.trim();
    return url.replaceAll("/+$", "");
  }

  /** The base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080}. */
  public String base() {
    return base;
  }
}
