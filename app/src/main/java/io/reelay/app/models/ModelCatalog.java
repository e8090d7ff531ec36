package io.reelay.app.models;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models this gateway offers. */
@Singleton
public class ModelCatalog {

  static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16", "1:1");
  static final List<String> RESOLUTIONS = List.of("480p", "720p", "1080p");
  private static final long SIM_PRICE_PER_SECOND_MICROS = 50_000; // $0.05

  private final Map<String, ModelSpec> models = new LinkedHashMap<>();

  public ModelCatalog(
      @Value("${reelay.models.sim-fast.poll-interval-seconds:30}") long fastPoll,
      @Value("${reelay.models.sim-fast.deadline-seconds:600}") long fastDeadline,
      @Value("${reelay.models.sim-poll.poll-interval-seconds:2}") long pollPoll,
      @Value("${reelay.models.sim-poll.deadline-seconds:600}") long pollDeadline) {
    add(
        new ModelSpec(
            "sim-fast",
            "sim",
            "Built-in simulated provider that calls our webhook when the video is ready",
            true,
            1,
            10,
            ASPECT_RATIOS,
            RESOLUTIONS,
            SIM_PRICE_PER_SECOND_MICROS,
            fastPoll,
            fastDeadline));
    add(
        new ModelSpec(
            "sim-poll",
            "sim",
            "Built-in simulated provider that never calls back, so Reelay polls it",
            false,
            1,
            10,
            ASPECT_RATIOS,
            RESOLUTIONS,
            SIM_PRICE_PER_SECOND_MICROS,
            pollPoll,
            pollDeadline));
  }

  private void add(ModelSpec spec) {
    models.put(spec.id(), spec);
  }

  public Optional<ModelSpec> find(String id) {
    return Optional.ofNullable(models.get(id));
  }

  public List<ModelSpec> all() {
    return List.copyOf(models.values());
  }
}
