package io.reelay.app.compat.openai;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The OpenAI door's video ids: {@code video_} and the generation's UUID as 32 hex digits, so an id
 * turns back into its generation without a table of its own.
 */
final class VideoIds {

  static final String PREFIX = "video_";
  private static final Pattern HEX32 = Pattern.compile("^[0-9a-f]{32}$");

  private VideoIds() {}

  /** {@code 0b4c…-…} becomes {@code video_0b4c…} (no dashes). */
  static String of(UUID generationId) {
    return PREFIX + generationId.toString().replace("-", "");
  }

  /**
   * The generation a video id names; a generation's own UUID is accepted too, so a generation
   * made through the native API can be read here by the id it was given there.
   */
  static Optional<UUID> parse(String videoId) {
    if (videoId == null) {
      return Optional.empty();
    }
    String id = videoId.trim().toLowerCase(Locale.ROOT);
    if (id.startsWith(PREFIX)) {
      String hex = id.substring(PREFIX.length());
      if (!HEX32.matcher(hex).matches()) {
        return Optional.empty();
      }
      return Optional.of(
          UUID.fromString(
              hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                  + hex.substring(16, 20) + "-" + hex.substring(20)));
    }
    try {
      UUID uuid = UUID.fromString(id);
      // UUID.fromString accepts short groups ("1-2-3-4-5"); only the canonical form is an id
      return uuid.toString().equals(id) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
