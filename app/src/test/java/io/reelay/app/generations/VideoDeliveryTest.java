package io.reelay.app.generations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.assets.LocalAssetStore;
import io.reelay.activities.assets.S3AssetStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoDeliveryTest {

  private static S3AssetStore s3(String presignEndpoint) {
    return new S3AssetStore(
        "http://seaweedfs:8333", presignEndpoint, "us-east-1", "videos", "key-id", "key-secret", true, false);
  }

  @Test
  void streamingNeverRedirects() {
    VideoDelivery stream = new VideoDelivery(new LocalAssetStore("/tmp/unused"), "stream", Duration.ofMinutes(5));
    assertEquals(Optional.empty(), stream.redirectFor("videos/a.mp4"));
  }

  @Test
  void presignedRedirectsToTheStoreAsClientsReachItForTheLifetime() {
    VideoDelivery presigned = new VideoDelivery(s3("http://localhost:8333"), "presigned", Duration.ofMinutes(2));
    URI url = presigned.redirectFor("videos/a.mp4").orElseThrow();
    assertTrue(url.toString().startsWith("http://localhost:8333/videos/videos/a.mp4?"), url.toString());
    assertTrue(url.getQuery().contains("X-Amz-Expires=120"), url.getQuery());
    assertTrue(url.getQuery().contains("X-Amz-Signature="), url.getQuery());
    assertTrue(!url.toString().contains("key-secret"), "the secret itself never leaves");
  }

  @Test
  void misconfigurationsAreRefused() {
    var local = new LocalAssetStore("/tmp/unused");
    var presignedOnLocal =
        assertThrows(IllegalArgumentException.class, () -> new VideoDelivery(local, "presigned", Duration.ofMinutes(5)));
    assertTrue(presignedOnLocal.getMessage().contains("REELAY_ASSETS_STORE=s3"), presignedOnLocal.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new VideoDelivery(local, "cdn", Duration.ofMinutes(5)));
    assertThrows(IllegalArgumentException.class, () -> new VideoDelivery(s3(""), "presigned", Duration.ofDays(8)));
  }
}
