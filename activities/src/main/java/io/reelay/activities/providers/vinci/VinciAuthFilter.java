package io.reelay.activities.providers.vinci;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.ClientFilter;
import io.reelay.activities.providers.ProviderAuthFilter;
import io.reelay.activities.providers.ProviderHttp;

/** Vinci's key on every call of {@link VinciClient}. */
@ClientFilter(serviceId = "vinci")
class VinciAuthFilter extends ProviderAuthFilter {

  VinciAuthFilter(@Value("${reelay.providers.vinci.api-key:}") String apiKey) {
    super(ProviderHttp.Credentials.bearer(apiKey));
  }
}
