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

  /** The names of the adapters that run in this process. */
  public java.util.Set<String> names() {
    return adapters.keySet();
  }

  /** Whether an adapter of this name runs in this process. */
  public boolean has(String name) {
    return adapters.containsKey(name);
  }

  /** Whether the named provider calls back (false when it is unknown here). */
  public boolean supportsCallbacks(String name) {
    ProviderAdapter adapter = adapters.get(name);
    return adapter != null && adapter.supportsCallbacks();
  }

  public ProviderAdapter adapter(String name) throws ProviderException {
    ProviderAdapter adapter = adapters.get(name);
    if (adapter == null) {
      throw ProviderException.refused("UNKNOWN_PROVIDER", "no adapter for provider " + name);
    }
    return adapter;
  }
}
