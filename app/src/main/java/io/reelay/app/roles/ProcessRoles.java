package io.reelay.app.roles;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this process does ({@code reelay.roles}): {@code api} serves the HTTP API, {@code worker}
 * runs workflows and activities. The same jar runs as either or both; any number of each share one
 * Temporal, one PostgreSQL and one asset store.
 */
@Singleton
public final class ProcessRoles {

  private static final Set<String> KNOWN = Set.of("api", "worker");

  private final Set<String> roles;

  public ProcessRoles(@Value("${reelay.roles}") List<String> configured) {
    this.roles = parse(configured);
  }

  static Set<String> parse(List<String> configured) {
    Set<String> roles =
        configured.stream()
            .map(role -> role.trim().toLowerCase(Locale.ROOT))
            .filter(role -> !role.isEmpty())
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    for (String role : roles) {
      if (!KNOWN.contains(role)) {
        throw new IllegalArgumentException(
            "reelay.roles (REELAY_ROLES): unknown role '" + role + "'; expected api, worker or api,worker");
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "reelay.roles (REELAY_ROLES) is empty; expected api, worker or api,worker");
    }
    return Set.copyOf(roles);
  }

  public boolean api() {
    return roles.contains("api");
  }

  public boolean worker() {
    return roles.contains("worker");
  }

  /** The roles in a stable order, e.g. for /health. */
  public List<String> names() {
    return roles.stream().sorted().toList();
  }
}
