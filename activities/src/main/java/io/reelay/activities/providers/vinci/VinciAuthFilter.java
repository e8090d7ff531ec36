package io.reelay.activities.providers.vinci;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.reelay.activities.providers.ProviderHttp;

/** Vinci's key on every call of {@link VinciClient} (the key is never logged). */
@ClientFilter(serviceId = "vinci")
class VinciAuthFilter {

  private final ProviderHttp.Credentials credentials;

  VinciAuthFilter(@Value("${reelay.providers.vinci.api-key:}") String apiKey) {
    this.credentials = ProviderHttp.Credentials.bearer(apiKey);
  }

  @RequestFilter
  void authorize(MutableHttpRequest<?> request) {
    credentials.addTo(request);
  }
}
