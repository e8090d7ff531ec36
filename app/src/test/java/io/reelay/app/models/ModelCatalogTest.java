package io.reelay.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.app.api.ApiException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pricing catalog turns configuration into prices, and refuses incomplete price lists. */
class ModelCatalogTest {

  @Test
  void pricesByResolutionWithAnAudioSurcharge() {
    ModelConfiguration premium = model("premium", "vinci");
    premium.setResolutions(List.of("720p", "1080p"));
    premium.setPricePerSecondUsd(Map.of("720p", new BigDecimal("0.08"), "1080p", new BigDecimal("0.12")));
    premium.setAudioPricePerSecondUsd(new BigDecimal("0.02"));
    ModelSpec spec = new ModelCatalog(List.of(premium)).require("premium");

    assertEquals(400_000, spec.estimateMicros(5, "720p", false));
    assertEquals(600_000, spec.estimateMicros(5, "1080p", false));
    assertEquals(700_000, spec.estimateMicros(5, "1080p", true)); // (0.12 + 0.02) × 5
    assertEquals(140_000, spec.ratePerSecondMicros("1080p", true));
    assertTrue(spec.offersAudio());
    assertEquals("720p", spec.defaultResolution(), "480p is not offered, so the first one");
  }

  @Test
  void withoutASurchargeAudioIsNotOffered() {
    ModelSpec spec = new ModelCatalog(List.of(model("plain", "sim"))).require("plain");
    assertFalse(spec.offersAudio());
    assertEquals(250_000, spec.estimateMicros(5, "480p", false));
  }

  @Test
  void aMissingPriceStopsStartupAndAnUnknownModelIsA400() {
    ModelConfiguration incomplete = model("broken", "sim");
    incomplete.setPricePerSecondUsd(Map.of("480p", new BigDecimal("0.05")));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> new ModelCatalog(List.of(incomplete)));
    assertTrue(refused.getMessage().contains("price-per-second-usd.720p"), refused.getMessage());

    ApiException unknown =
        assertThrows(ApiException.class, () -> new ModelCatalog(List.of(model("a", "sim"))).require("b"));
    assertEquals("model", unknown.param());
  }

  private static ModelConfiguration model(String id, String provider) {
    ModelConfiguration c = new ModelConfiguration(id);
    c.setProvider(provider);
    c.setPricePerSecondUsd(
        Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.05"), "1080p", new BigDecimal("0.05")));
    return c;
  }
}
