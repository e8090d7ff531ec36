package io.reelay.activities;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinkSignatureTest {

  private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_KEY = "o".repeat(32).getBytes(StandardCharsets.UTF_8);

  @Test
  void aSignatureHoldsOnlyForItsPathExpiryAndKeyUntilItExpires() {
    String sig = LinkSignature.of(KEY, "/files/videos/a.mp4", 1000);
    assertTrue(LinkSignature.valid(KEY, "/files/videos/a.mp4", 1000, sig, 999));
    assertTrue(LinkSignature.valid(KEY, "/files/videos/a.mp4", 1000, sig, 1000));
    assertFalse(LinkSignature.valid(KEY, "/files/videos/a.mp4", 1000, sig, 1001), "expired");
    assertFalse(LinkSignature.valid(KEY, "/files/videos/b.mp4", 1000, sig, 999), "other path");
    assertFalse(LinkSignature.valid(KEY, "/files/videos/a.mp4", 2000, sig, 999), "expiry moved");
    assertFalse(LinkSignature.valid(OTHER_KEY, "/files/videos/a.mp4", 1000, sig, 999), "other key");
    assertFalse(LinkSignature.valid(KEY, "/files/videos/a.mp4", 1000, null, 999), "unsigned");
    assertNotEquals(sig, LinkSignature.of(KEY, "/files/videos/a.mp4", 1001));
  }
}
