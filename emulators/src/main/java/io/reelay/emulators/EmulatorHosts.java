package io.reelay.emulators;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

/** Where a client reached an emulator, so the result URLs it hands out work on any port. */
public final class EmulatorHosts {

  private EmulatorHosts() {}

  /** {@code host:port} as the client addressed us (the Host header, else our own address). */
  public static String of(HttpRequest<?> request) {
    String host = request.getHeaders().get(HttpHeaders.HOST);
    if (host != null && !host.isBlank()) {
      return host;
    }
    return request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
  }
}
