package io.reelay.emulators.venice;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The video models the emulator knows (those Venice's documentation lists), what input each takes
 * and what it costs. Venice publishes no prices, so these are made up: per second of video at 720p
 * and at 1080p, plus a surcharge per second for audio. The Kling pair costs what Reelay's catalog
 * charges for {@code venice-video}, so a generation's upstream and customer prices line up.
 */
record VeniceModel(boolean textToVideo, boolean imageToVideo, BigDecimal usdPerSecond720p, BigDecimal usdPerSecond1080p) {

  static final BigDecimal AUDIO_USD_PER_SECOND = new BigDecimal("0.02");

  private static final Map<String, VeniceModel> MODELS =
      Map.of(
          "kling-2.5-turbo-pro-text-to-video", new VeniceModel(true, false, usd("0.07"), usd("0.10")),
          "kling-2.5-turbo-pro-image-to-video", new VeniceModel(false, true, usd("0.07"), usd("0.10")),
          "wan-2.5-preview-image-to-video", new VeniceModel(false, true, usd("0.05"), usd("0.08")),
          "ltx-2-full", new VeniceModel(true, true, usd("0.06"), usd("0.09")),
          "veo3-fast", new VeniceModel(true, true, usd("0.15"), usd("0.20")),
          "sora-2", new VeniceModel(false, true, usd("0.10"), usd("0.15")));

  /** The model's entry, or null for a model Venice does not have. */
  static VeniceModel of(String model) {
    return model == null ? null : MODELS.get(model);
  }

  BigDecimal price(int seconds, String resolution, boolean audio) {
    BigDecimal perSecond = resolution.equals("1080p") ? usdPerSecond1080p : usdPerSecond720p;
    if (audio) {
      perSecond = perSecond.add(AUDIO_USD_PER_SECOND);
    }
    return perSecond.multiply(BigDecimal.valueOf(seconds));
  }

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }
}
