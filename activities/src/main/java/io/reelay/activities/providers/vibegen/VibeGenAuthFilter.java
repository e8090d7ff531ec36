package io.reelay.activities.providers.vibegen;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.reelay.activities.providers.ProviderHttp;

/** VibeGen's key on every call of {@link VibeGenClient} (the key is never logged). */
@ClientFilter(serviceId = "vibegen")
class VibeGenAuthFilter {

  private final ProviderHttp.Credentials credentials;

  VibeGenAuthFilter(@Value("${reelay.providers.vibegen.api-key:}") String apiKey) {
    this.credentials = ProviderHttp.Credentials.bearer(apiKey);
  }

  @RequestFilter
  void authorize(MutableHttpRequest<?> request) {
    credentials.addTo(request);
  }
}
