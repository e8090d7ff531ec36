package io.reelay.activities.providers.videogenapi;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.ClientFilter;
import io.reelay.activities.providers.ProviderAuthFilter;
import io.reelay.activities.providers.ProviderHttp;

/** VideoGenAPI's key on every call of {@link VideoGenApiClient}. */
@ClientFilter(serviceId = "videogenapi")
class VideoGenApiAuthFilter extends ProviderAuthFilter {

  VideoGenApiAuthFilter(@Value("${reelay.providers.videogenapi.api-key:}") String apiKey) {
    super(ProviderHttp.Credentials.bearer(apiKey));
  }
}
