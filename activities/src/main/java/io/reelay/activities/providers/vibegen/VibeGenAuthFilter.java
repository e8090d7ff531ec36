package io.reelay.activities.providers.vibegen;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.ClientFilter;
import io.reelay.activities.providers.ProviderAuthFilter;
import io.reelay.activities.providers.ProviderHttp;

/** VibeGen's key on every call of {@link VibeGenClient}. */
@ClientFilter(serviceId = "vibegen")
class VibeGenAuthFilter extends ProviderAuthFilter {

  VibeGenAuthFilter(@Value("${reelay.providers.vibegen.api-key:}") String apiKey) {
    super(ProviderHttp.Credentials.bearer(apiKey));
  }
}
