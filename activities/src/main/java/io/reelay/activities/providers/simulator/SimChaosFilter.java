package io.reelay.activities.providers.simulator;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's error bursts ({@link SimChaos#burstStatus}): during one, every request to the
 * simulated provider's API — submit, status, cancel, video — is answered with a 5xx, as a
 * provider in trouble does. Each one is counted in PostgreSQL, if it is reachable.
 */
@ServerFilter("/sim/v1/**")
@Requires(property = "reelay.simulator.enabled", value = "true")
@Requires(property = "reelay.simulator.chaos.enabled", value = "true")
public class SimChaosFilter {

  private static final Logger log = LoggerFactory.getLogger(SimChaosFilter.class);

  private final SimChaos chaos;
  private final SimChaosStore store;

  public SimChaosFilter(SimChaos chaos, SimChaosStore store) {
    this.chaos = chaos;
    this.store = store;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> errorBurst(HttpRequest<?> request) {
    long now = System.currentTimeMillis();
    OptionalInt status = chaos.burstStatus(now, ThreadLocalRandom.current());
    if (status.isEmpty()) {
      return null;
    }
    try {
      store.countBurstError(chaos.burstWindowStart(now));
    } catch (RuntimeException e) {
      log.info("error burst not counted: {}", e.getMessage());
    }
    return HttpResponse.status(HttpStatus.valueOf(status.getAsInt()))
        .body(Map.of("error", Map.of("code", "upstream_trouble", "message", "the simulator is in an error burst")));
  }
}
