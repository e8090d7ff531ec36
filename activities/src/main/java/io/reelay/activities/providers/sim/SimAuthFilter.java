package io.reelay.activities.providers.sim;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.ClientFilter;
import io.reelay.activities.providers.ProviderAuthFilter;
import io.reelay.activities.providers.ProviderHttp;

/** The simulator's key on every call of {@link SimClient}. */
@ClientFilter(serviceId = "sim")
class SimAuthFilter extends ProviderAuthFilter {

  SimAuthFilter(@Value("${reelay.providers.sim.api-key}") String apiKey) {
    super(ProviderHttp.Credentials.bearer(apiKey));
  }
}
