package io.reelay.app.compat.openai;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sizes the Videos API offers, as the aspect ratio and resolution a Reelay model is asked
 * for. The two tall/wide "1024x1792" sizes are larger than 720p: they are asked for as 1080p (the
 * nearest resolution Reelay models offer), and the model renders its own 1080p frame size.
 */
enum VideoSize {
  PORTRAIT_720("720x1280", "9:16", "720p"),
  LANDSCAPE_720("1280x720", "16:9", "720p"),
  PORTRAIT_LARGE("1024x1792", "9:16", "1080p"),
  LANDSCAPE_LARGE("1792x1024", "16:9", "1080p");

  /** What a create without size gets, as the Videos API does. */
  static final VideoSize DEFAULT = PORTRAIT_720;

  private final String word;
  private final String aspectRatio;
  private final String resolution;

  VideoSize(String word, String aspectRatio, String resolution) {
    this.word = word;
    this.aspectRatio = aspectRatio;
    this.resolution = resolution;
  }

  String word() {
    return word;
  }

  String aspectRatio() {
    return aspectRatio;
  }

  String resolution() {
    return resolution;
  }

  static Optional<VideoSize> of(String word) {
    return Arrays.stream(values()).filter(size -> size.word.equals(word)).findFirst();
  }

  /** "'720x1280', '1280x720', '1024x1792', '1792x1024'", for error messages. */
  static String allowed() {
    return Arrays.stream(values()).map(size -> "'" + size.word + "'").collect(Collectors.joining(", "));
  }

  /**
   * The size a generation shows: the Videos API size it was asked as, or, for one made through
   * another API with other values, its nominal frame size (the short side is the resolution's
   * number: 480p 1:1 is 480x480, 720p 16:9 is 1280x720).
   */
  static String describe(String aspectRatio, String resolution) {
    for (VideoSize size : values()) {
      if (size.aspectRatio.equals(aspectRatio) && size.resolution.equals(resolution)) {
        return size.word;
      }
    }
    try {
      int shortSide = Integer.parseInt(resolution.substring(0, resolution.length() - 1));
      String[] ratio = aspectRatio.split(":");
      double w = Double.parseDouble(ratio[0]);
      double h = Double.parseDouble(ratio[1]);
      long longSide = Math.round(shortSide * Math.max(w, h) / Math.min(w, h));
      // even sides, as video encoders need
      longSide += longSide % 2;
      return w >= h ? longSide + "x" + shortSide : shortSide + "x" + longSide;
    } catch (RuntimeException unexpected) {
      return aspectRatio + " " + resolution;
    }
  }
}
