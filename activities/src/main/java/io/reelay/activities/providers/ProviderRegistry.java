package io.reelay.activities.providers;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** All adapters known to this process, by name. */
@Singleton
public class ProviderRegistry {

  private final Map<String, ProviderAdapter> adapters;

  public ProviderRegistry(List<ProviderAdapter> adapters) {
    this.adapters =
        adapters.stream().collect(Collectors.toMap(ProviderAdapter::name, Function.identity()));
  }

  public ProviderAdapter adapter(String name) throws ProviderException {
    ProviderAdapter adapter = adapters.get(name);
    if (adapter == null) {
      throw ProviderException.refused("UNKNOWN_PROVIDER", "no adapter for provider " + name);
    }
    return adapter;
  }
}
