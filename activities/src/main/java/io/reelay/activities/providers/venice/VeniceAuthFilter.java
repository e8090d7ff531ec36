package io.reelay.activities.providers.venice;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.reelay.activities.providers.ProviderHttp;

/** Venice's key on every call of {@link VeniceClient} (the key is never logged). */
@ClientFilter(serviceId = "venice")
class VeniceAuthFilter {

  private final ProviderHttp.Credentials credentials;

  VeniceAuthFilter(@Value("${reelay.providers.venice.api-key:}") String apiKey) {
    this.credentials = ProviderHttp.Credentials.bearer(apiKey);
  }

  @RequestFilter
  void authorize(MutableHttpRequest<?> request) {
    credentials.addTo(request);
  }
}
