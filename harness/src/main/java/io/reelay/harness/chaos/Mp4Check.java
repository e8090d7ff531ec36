package io.reelay.harness.chaos;

import io.reelay.activities.assets.Mp4Probe;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Whether bytes are a well-formed MP4 of about the expected length: the top-level boxes tile the
 * file exactly, {@code ftyp} comes first, {@code moov} and {@code mdat} are there, and the movie
 * header's duration matches. A truncated or padded download, or one that is not an MP4, fails.
 * The box walk and the movie header are read by the app's own {@link Mp4Probe}.
 */
final class Mp4Check {

  /** How far the movie header's duration may be from the requested seconds. */
  static final double TOLERANCE_SECONDS = 0.5;

  private Mp4Check() {}

  /** The problem with {@code mp4}, or empty when it is a good MP4 of {@code expectedSeconds}. */
  static Optional<String> problem(byte[] mp4, double expectedSeconds) {
    List<String> types;
    try {
      types = Mp4Probe.topLevelBoxes(mp4, "the download", Set.of("ftyp")).stream().map(Mp4Probe.TopLevelBox::type).toList();
    } catch (Mp4Probe.InvalidMp4Exception e) {
      return Optional.of(e.getMessage());
    }
    if (types.isEmpty() || !types.get(0).equals("ftyp")) {
      return Optional.of("does not start with an ftyp box: " + types);
    }
    if (!types.contains("moov") || !types.contains("mdat")) {
      return Optional.of("no moov or no mdat box: " + types);
    }
    OptionalDouble seconds = Mp4Probe.movieSeconds(mp4);
    if (seconds.isEmpty()) {
      return Optional.of("moov has no readable mvhd");
    }
    if (Math.abs(seconds.getAsDouble() - expectedSeconds) > TOLERANCE_SECONDS) {
      return Optional.of("lasts " + seconds.getAsDouble() + " s, not " + expectedSeconds + " s");
    }
    return Optional.empty();
  }
}
