package io.reelay.app.models;

import io.reelay.app.api.ApiException;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models this gateway offers and their prices, from configuration ({@code reelay.models}).
 * A model without a complete price list is refused at startup rather than priced at zero.
 */
@Singleton
public class ModelCatalog {

  private final Map<String, ModelSpec> models = new LinkedHashMap<>();

  public ModelCatalog(List<ModelConfiguration> configured) {
    configured.stream()
        .filter(ModelConfiguration::isEnabled)
        .sorted(Comparator.comparing(ModelConfiguration::getId))
        .map(ModelCatalog::spec)
        .forEach(spec -> models.put(spec.id(), spec));
  }

  static ModelSpec spec(ModelConfiguration c) {
    String where = "reelay.models." + c.getId();
    List<String> route =
        c.getProviders() == null || c.getProviders().isEmpty()
            ? (c.getProvider() == null || c.getProvider().isBlank() ? List.of() : List.of(c.getProvider()))
            : List.copyOf(c.getProviders());
    if (route.isEmpty()) {
      throw new IllegalStateException(where + ".provider (or .providers, a route) is required");
    }
    if (c.getMinDurationSeconds() < 1 || c.getMaxDurationSeconds() < c.getMinDurationSeconds()) {
      throw new IllegalStateException(where + ": durations must satisfy 1 <= min <= max");
    }
    if (c.getMaxReferenceImages() < 0 || c.getMaxReferenceImages() > 5) {
      throw new IllegalStateException(where + ".max-reference-images must be 0 to 5");
    }
    Map<String, Long> prices = new LinkedHashMap<>();
    for (String resolution : c.getResolutions()) {
      BigDecimal usd = c.getPricePerSecondUsd().get(resolution);
      if (usd == null || usd.signum() < 0) {
        throw new IllegalStateException(where + ".price-per-second-usd." + resolution + " is missing");
      }
      prices.put(resolution, micros(usd));
    }
    return new ModelSpec(
        c.getId(),
        route,
        c.getDescription(),
        c.isProviderCallsBack(),
        c.getMinDurationSeconds(),
        c.getMaxDurationSeconds(),
        List.copyOf(c.getAllowedDurations() == null ? List.of() : c.getAllowedDurations()),
        List.copyOf(c.getAspectRatios()),
        List.copyOf(c.getResolutions()),
        Map.copyOf(prices),
        c.getAudioPricePerSecondUsd() == null ? null : micros(c.getAudioPricePerSecondUsd()),
        c.getPollIntervalSeconds(),
        c.getDeadlineSeconds(),
        c.isImageToVideo(),
        c.getMaxReferenceImages(),
        c.isCameraFixed());
  }

  private static long micros(BigDecimal usd) {
    return usd.movePointRight(6).longValueExact();
  }

  public Optional<ModelSpec> find(String id) {
    return Optional.ofNullable(models.get(id));
  }

  /** The model a request names; 400 INVALID_PARAMETER (param "model") when unknown. */
  public ModelSpec require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "model",
                    "unknown model '" + id + "'; available: "
                        + String.join(", ", models.keySet())));
  }

  public List<ModelSpec> all() {
    return List.copyOf(models.values());
  }
}
