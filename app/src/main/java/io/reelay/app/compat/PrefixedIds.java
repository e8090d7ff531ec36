package io.reelay.app.compat;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Door ids of the form {@code <prefix><the UUID as 32 hex digits>} (Vinci's {@code req_…},
 * OpenAI's {@code video_…}): they turn back into the generation (or key) without a table of
 * their own. The plain UUID is accepted too, since a generation is the same whichever API made it.
 */
public record PrefixedIds(String prefix) {

  private static final Pattern HEX32 = Pattern.compile("^[0-9a-f]{32}$");

  /** {@code 0b4c…-…} becomes {@code <prefix>0b4c…} (no dashes). */
  public String of(UUID id) {
    return prefix + id.toString().replace("-", "");
  }

  /** The UUID an id names, if it is one of this form or a canonical UUID. */
  public Optional<UUID> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String value = id.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith(prefix)) {
      String hex = value.substring(prefix.length());
      if (!HEX32.matcher(hex).matches()) {
        return Optional.empty();
      }
      return Optional.of(
          UUID.fromString(
              hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                  + hex.substring(16, 20) + "-" + hex.substring(20)));
    }
    try {
      UUID uuid = UUID.fromString(value);
      // UUID.fromString accepts short groups ("1-2-3-4-5"); only the canonical form is an id
      return uuid.toString().equals(value) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
