package io.reelay.activities.providers.sim;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.reelay.activities.providers.ProviderHttp;

/** The simulator's key on every call of {@link SimClient} (the key is never logged). */
@ClientFilter(serviceId = "sim")
class SimAuthFilter {

  private final ProviderHttp.Credentials credentials;

  SimAuthFilter(@Value("${reelay.providers.sim.api-key}") String apiKey) {
    this.credentials = ProviderHttp.Credentials.bearer(apiKey);
  }

  @RequestFilter
  void authorize(MutableHttpRequest<?> request) {
    credentials.addTo(request);
  }
}
