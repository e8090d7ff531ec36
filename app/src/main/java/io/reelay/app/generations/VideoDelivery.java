package io.reelay.app.generations;

import io.micronaut.context.annotation.Value;
import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.assets.S3AssetStore;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How GET /v1/generations/{id}/content hands out a video ({@code reelay.assets.delivery}):
 * {@code stream} sends the bytes through this server (any store); {@code presigned} redirects to
 * a short-lived URL of the S3 store, so the bytes do not pass through the API at all.
 */
@Singleton
public class VideoDelivery {

  private final S3AssetStore presigning;
  private final Duration lifetime;

  public VideoDelivery(
      AssetStore store,
      @Value("${reelay.assets.delivery:stream}") String delivery,
      @Value("${reelay.assets.presigned-url-lifetime:5m}") Duration lifetime) {
    this.presigning =
        switch (delivery.trim().toLowerCase(Locale.ROOT)) {
          case "stream" -> null;
          case "presigned" -> {
            if (!(store instanceof S3AssetStore s3)) {
              throw new IllegalArgumentException(
                  "reelay.assets.delivery=presigned needs the s3 store (REELAY_ASSETS_STORE=s3)");
            }
            yield s3;
          }
          default -> throw new IllegalArgumentException(
              "reelay.assets.delivery (REELAY_ASSETS_DELIVERY) must be stream or presigned, not " + delivery);
        };
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("reelay.assets.presigned-url-lifetime must be from 1s to 7d (S3's limit)");
    }
    this.lifetime = lifetime;
  }

  /** Where to redirect the client for this stored video, or empty to stream it. */
  public Optional<URI> redirectFor(String assetKey) {
    return presigning == null ? Optional.empty() : Optional.of(presigning.presignedGet(assetKey, lifetime));
  }

  public Duration lifetime() {
    return lifetime;
  }
}
