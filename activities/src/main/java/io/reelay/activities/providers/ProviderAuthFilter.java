package io.reelay.activities.providers;

import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;

/**
 * Adds a provider's key to every call of its declarative client. Each provider's subclass names
 * its service ({@code @ClientFilter(serviceId = ...)}) and where its key is configured. The key is
 * never logged ({@link ProviderHttp.Credentials} hides it).
 */
public abstract class ProviderAuthFilter {

  private final ProviderHttp.Credentials credentials;

  protected ProviderAuthFilter(ProviderHttp.Credentials credentials) {
    this.credentials = credentials;
  }

  @RequestFilter
  public void authorize(MutableHttpRequest<?> request) {
    credentials.addTo(request);
  }
}
