package io.reelay.activities.providers.venice;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.ClientFilter;
import io.reelay.activities.providers.ProviderAuthFilter;
import io.reelay.activities.providers.ProviderHttp;

/** Venice's key on every call of {@link VeniceClient}. */
@ClientFilter(serviceId = "venice")
class VeniceAuthFilter extends ProviderAuthFilter {

  VeniceAuthFilter(@Value("${reelay.providers.venice.api-key:}") String apiKey) {
    super(ProviderHttp.Credentials.bearer(apiKey));
  }
}
