package io.reelay.app.compat.venice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelConfiguration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quote and queue read the same options with the same defaults, so the quote is the hold. */
class VeniceOptionsTest {

  private static final ModelCatalog CATALOG = new ModelCatalog(List.of(studio(), silent()));

  @Test
  void theDocumentsDefaultsApply() {
    VeniceOptions options = VeniceOptions.of("10s", null, null, null);
    assertEquals(10, options.durationSeconds());
    assertEquals("720p", options.resolution(), "720p, not the Reelay model's lowest (480p)");
    assertNull(options.aspectRatio());
    assertEquals(false, options.audio());
  }

  @ParameterizedTest
  @CsvSource({"5s,720p,false", "10s,720p,true", "5s,1080p,true", "10s,1080p,false"})
  void theQuoteIsWhatTheCreateHolds(String duration, String resolution, boolean audio) {
    VeniceOptions options = VeniceOptions.of(duration, resolution, "9:16", audio);
    VeniceQueueRequest queue =
        new VeniceQueueRequest("any", "a serene forest", null, duration, resolution, "9:16", audio, null, null);
    CreateGeneration create = CreateGeneration.parse(options.nativeRequest("studio", queue), CATALOG, null);
    // the hold GenerationLauncher places
    long hold = create.model().estimateMicros(create.durationSeconds(), create.resolution(), create.audio());
    assertEquals(hold, options.holdMicros(CATALOG.require("studio")));
  }

  @Test
  void withoutAResolutionTheQuoteStillMatchesTheHold() {
    VeniceOptions options = VeniceOptions.of("5s", null, null, true);
    VeniceQueueRequest queue = new VeniceQueueRequest("any", "waves", null, "5s", null, null, true, null, null);
    CreateGeneration create = CreateGeneration.parse(options.nativeRequest("studio", queue), CATALOG, null);
    assertEquals("720p", create.resolution());
    // (0.08 + 0.02) × 5
    assertEquals(500_000, options.holdMicros(CATALOG.require("studio")));
    assertEquals(500_000, create.model().estimateMicros(create.durationSeconds(), create.resolution(), create.audio()));
  }

  @Test
  void whatTheModelDoesNotOfferIsRefusedInTheDocumentsNames() {
    assertEquals("duration", assertThrows(ApiException.class, () -> VeniceOptions.of("7s", null, null, null)).param());
    ApiException audio =
        assertThrows(ApiException.class, () -> VeniceOptions.of("5s", null, null, true).holdMicros(CATALOG.require("silent")));
    assertEquals("audio", audio.param());
    ApiException tenSeconds =
        assertThrows(ApiException.class, () -> VeniceOptions.of("10s", null, null, false).holdMicros(CATALOG.require("silent")));
    assertEquals("duration", tenSeconds.param());
    ApiException square =
        assertThrows(ApiException.class, () -> VeniceOptions.of("5s", null, "1:1", false).holdMicros(CATALOG.require("silent")));
    assertEquals("aspect_ratio", square.param());
  }

  private static ModelConfiguration studio() {
    ModelConfiguration c = new ModelConfiguration("studio");
    c.setProvider("sim");
    c.setMaxDurationSeconds(20);
    c.setPricePerSecondUsd(
        Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.08"), "1080p", new BigDecimal("0.12")));
    c.setAudioPricePerSecondUsd(new BigDecimal("0.02"));
    return c;
  }

  private static ModelConfiguration silent() {
    ModelConfiguration c = new ModelConfiguration("silent");
    c.setProvider("sim");
    c.setMaxDurationSeconds(5);
    c.setAspectRatios(List.of("16:9"));
    c.setPricePerSecondUsd(
        Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.05"), "1080p", new BigDecimal("0.05")));
    return c;
  }
}
