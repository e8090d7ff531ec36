package io.reelay.activities.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shape of API keys: {@code sk-} followed by 40 random base62 characters (~238 bits), like
 * the commercial APIs clients already know. Only a SHA-256 of the key is stored; with that much
 * entropy a slow hash would add nothing.
 */
public final class ApiKeys {

  static final String PREFIX = "sk-";
  private static final int MAX_PRESENTED_LENGTH = 200;
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String newKey() {
    StringBuilder key = new StringBuilder(PREFIX);
    for (int i = 0; i < 40; i++) {
      key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return key.toString();
  }

  public static String hash(String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a presented string could be a key at all (cheap check before hashing). */
  static boolean plausible(String presented) {
    return presented != null && !presented.isEmpty() && presented.length() <= MAX_PRESENTED_LENGTH;
  }

  /** What may be shown after creation: {@code sk-…abc123}. */
  public static String preview(String key) {
    return PREFIX + "…" + key.substring(key.length() - 6);
  }
}
