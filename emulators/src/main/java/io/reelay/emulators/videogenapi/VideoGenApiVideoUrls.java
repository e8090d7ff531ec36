package io.reelay.emulators.videogenapi;

import io.micronaut.context.annotation.Requires;
import io.reelay.activities.ServerSecrets;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The emulator's expiring video URLs: each status read of a completed generation hands out a
 * fresh one, signed with an HMAC under a server secret (in PostgreSQL, so links survive a restart
 * and verify on any instance). Two forms: on the API itself ({@code /api/v1/video/{id}}, which
 * also wants the API key, as the documentation's example URL is on the API), or on a separate
 * storage path that must not receive the key.
 */
@Singleton
@Requires(property = "reelay.emulators.videogenapi.enabled", value = "true")
public class VideoGenApiVideoUrls {

  static final String API_PATH = "/emulators/videogenapi/api/v1/video/";
  static final String STORAGE_PATH = "/emulators/videogenapi-storage/";

  private final ServerSecrets secrets;

  public VideoGenApiVideoUrls(ServerSecrets secrets) {
    this.secrets = secrets;
  }

  /** A fresh URL for the job's video on {@code host}, valid until {@code expiresAtMillis}. */
  String issue(String host, VideoGenApiJob job, boolean storage, long expiresAtMillis) {
    String path = storage ? STORAGE_PATH + job.id() + ".mp4" : API_PATH + job.id();
    return "http://" + host + path + "?expires=" + expiresAtMillis + "&signature=" + signature(job.id(), expiresAtMillis);
  }

  /** Whether a presented link is genuine (it may still be expired: see {@link #expired}). */
  boolean genuine(String id, String expires, String signature) {
    if (expires == null || signature == null || !expires.matches("\\d{1,15}")) {
      return false;
    }
    byte[] expected = signature(id, Long.parseLong(expires)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  static boolean expired(String expires, long nowMillis) {
    return nowMillis >= Long.parseLong(expires);
  }

  private String signature(String id, long expiresAtMillis) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secrets.get("videogenapi-emulator-video-urls"), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((id + ":" + expiresAtMillis).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
