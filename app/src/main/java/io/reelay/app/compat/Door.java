package io.reelay.app.compat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The front doors: APIs other than the native one that Reelay serves, each under {@code
 * /compat/<word>} followed by its own document's paths, onto the same core (DESIGN §9).
 */
public enum Door {
  VINCI,
  VIBEGEN,
  VIDEOGENAPI,
  VENICE,
  OPENAI;

  /** The door's name in paths, configuration, the generations table and the Temporal UI. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Where the door's API starts: a client replaces its base URL's host part with ours + this. */
  public String basePath() {
    return "/compat/" + word();
  }

  /** The door whose base path a request path is under. */
  public static Optional<Door> ofPath(String path) {
    return Arrays.stream(values())
        .filter(door -> path.equals(door.basePath()) || path.startsWith(door.basePath() + "/"))
        .findFirst();
  }
}
