package io.reelay.activities.providers;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.DisabledBeanException;
import io.micronaut.discovery.ServiceInstanceList;
import io.micronaut.discovery.StaticServiceInstanceList;
import io.micronaut.http.client.ServiceHttpClientConfiguration;
import io.reelay.activities.PublicUrl;
import java.net.URI;
import java.util.List;

/**
 * Where each provider's declarative {@code @Client} connects. For a provider's
 * {@code micronaut.http.services.<provider>} (its timeouts) without a {@code url}:
 * {@code reelay.providers.<provider>.base-url}, or when that is empty this server's own path for
 * it ({@code /sim}, {@code /emulators/<provider>}), so the existing settings and environment
 * variables keep working.
 *
 * <p>A bean, not a placeholder in application.yml: the default is built from {@code
 * reelay.public-url}, whose empty value means "this server's loopback address and port" ({@link
 * PublicUrl}), and a placeholder cannot tell an empty value from a set one. A {@code url} set under
 * {@code micronaut.http.services.<provider>} wins: Micronaut's own instance list serves it then.
 */
@Factory
public class ProviderServices {

  @EachBean(ServiceHttpClientConfiguration.class)
  ServiceInstanceList providerService(ServiceHttpClientConfiguration service, PublicUrl publicUrl, Environment environment) {
    String provider = service.getServiceId();
    if (!service.getUrls().isEmpty() || !environment.containsProperties("reelay.providers." + provider)) {
      throw new DisabledBeanException("service " + provider + " has its own url or is not a provider");
    }
    String configured = environment.getProperty("reelay.providers." + provider + ".base-url", String.class).orElse("");
    URI url = URI.create(publicUrl.orOwn(configured, provider.equals("sim") ? "/sim" : "/emulators/" + provider));
    // the path goes as the context path too: the client resolves request paths against the host
    return new StaticServiceInstanceList(provider, List.of(url), url.getRawPath());
  }
}
