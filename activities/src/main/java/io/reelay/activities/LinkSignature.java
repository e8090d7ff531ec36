package io.reelay.activities;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an expiring link that needs no credentials (input images for providers, videos
 * for clients of the front doors): an HMAC-SHA256 of the path and the expiry under a server secret,
 * so any instance verifies a link another one made.
 */
public final class LinkSignature {

  private LinkSignature() {}

  public static String of(byte[] key, String path, long expiresEpochSeconds) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((path + "\n" + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code presented} signs the path and expiry, and the expiry has not passed. */
  public static boolean valid(
      byte[] key, String path, long expiresEpochSeconds, String presented, long nowEpochSeconds) {
    return presented != null
        && expiresEpochSeconds >= nowEpochSeconds
        && MessageDigest.isEqual(
            of(key, path, expiresEpochSeconds).getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }
}
