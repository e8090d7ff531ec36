package io.reelay.activities.providers.videogenapi;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.reelay.activities.providers.ProviderHttp;

/** VideoGenAPI's key on every call of {@link VideoGenApiClient} (the key is never logged). */
@ClientFilter(serviceId = "videogenapi")
class VideoGenApiAuthFilter {

  private final ProviderHttp.Credentials credentials;

  VideoGenApiAuthFilter(@Value("${reelay.providers.videogenapi.api-key:}") String apiKey) {
    this.credentials = ProviderHttp.Credentials.bearer(apiKey);
  }

  @RequestFilter
  void authorize(MutableHttpRequest<?> request) {
    credentials.addTo(request);
  }
}
