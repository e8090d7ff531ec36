package io.reelay.app.compat.openai;

import io.reelay.app.compat.PrefixedIds;
import java.util.Optional;
import java.util.UUID;

/**
 * The OpenAI door's video ids: {@code video_} and the generation's UUID as 32 hex digits, so an id
 * turns back into its generation without a table of its own.
 */
final class VideoIds {

  static final String PREFIX = "video_";
  private static final PrefixedIds IDS = new PrefixedIds(PREFIX);

  private VideoIds() {}

  /** {@code 0b4c…-…} becomes {@code video_0b4c…} (no dashes). */
  static String of(UUID generationId) {
    return IDS.of(generationId);
  }

  /**
   * The generation a video id names; a generation's own UUID is accepted too, so a generation
   * made through the native API can be read here by the id it was given there.
   */
  static Optional<UUID> parse(String videoId) {
    return IDS.parse(videoId);
  }
}
