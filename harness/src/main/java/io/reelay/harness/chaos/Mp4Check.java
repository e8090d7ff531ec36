package io.reelay.harness.chaos;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether bytes are a well-formed MP4 of about the expected length: the top-level boxes tile the
 * file exactly, {@code ftyp} comes first, {@code moov} and {@code mdat} are there, and the movie
 * header's duration matches. A truncated or padded download, or one that is not an MP4, fails.
 */
final class Mp4Check {

  /** How far the movie header's duration may be from the requested seconds. */
  static final double TOLERANCE_SECONDS = 0.5;

  private Mp4Check() {}

  /** The problem with {@code mp4}, or empty when it is a good MP4 of {@code expectedSeconds}. */
  static Optional<String> problem(byte[] mp4, double expectedSeconds) {
    ByteBuffer file = ByteBuffer.wrap(mp4);
    List<String> types = new ArrayList<>();
    ByteBuffer moov = null;
    while (file.remaining() > 0) {
      if (file.remaining() < 8) {
        return Optional.of("trailing " + file.remaining() + " bytes after the last box");
      }
      int start = file.position();
      long size = Integer.toUnsignedLong(file.getInt());
      String type = fourCc(file.getInt());
      int header = 8;
      if (size == 1) {
        if (file.remaining() < 8) {
          return Optional.of("box " + type + " is cut short");
        }
        size = file.getLong();
        header = 16;
      } else if (size == 0 && type.equals("mdat")) {
        size = mp4.length - start; // a streamed mdat runs to the end of the file
      }
      if (type.contains("?")) {
        return Optional.of("not a box at " + start + " (type bytes are not printable)");
      }
      if (size < header || start + size > mp4.length) {
        return Optional.of("box " + type + " at " + start + " claims " + size + " bytes; the file has " + (mp4.length - start) + " left");
      }
      types.add(type);
      if (type.equals("moov")) {
        moov = ByteBuffer.wrap(mp4, start + header, (int) size - header).slice();
      }
      file.position((int) (start + size));
    }
    if (types.isEmpty() || !types.get(0).equals("ftyp")) {
      return Optional.of("does not start with an ftyp box: " + types);
    }
    if (moov == null || !types.contains("mdat")) {
      return Optional.of("no moov or no mdat box: " + types);
    }
    Optional<Double> seconds = movieSeconds(moov);
    if (seconds.isEmpty()) {
      return Optional.of("moov has no readable mvhd");
    }
    if (Math.abs(seconds.get() - expectedSeconds) > TOLERANCE_SECONDS) {
      return Optional.of("lasts " + seconds.get() + " s, not " + expectedSeconds + " s");
    }
    return Optional.empty();
  }

  /** Duration / timescale of the movie header, the first child box of moov named mvhd. */
  private static Optional<Double> movieSeconds(ByteBuffer moov) {
    while (moov.remaining() >= 8) {
      int start = moov.position();
      long size = Integer.toUnsignedLong(moov.getInt());
      String type = fourCc(moov.getInt());
      if (size < 8 || start + size > moov.limit()) {
        return Optional.empty();
      }
      if (type.equals("mvhd") && size >= 32) {
        int version = moov.get() & 0xff;
        moov.position(moov.position() + 3); // flags
        long timescale;
        long duration;
        if (version == 1) {
          if (size < 44) {
            return Optional.empty();
          }
          moov.position(moov.position() + 16); // creation and modification times
          timescale = Integer.toUnsignedLong(moov.getInt());
          duration = moov.getLong();
        } else {
          moov.position(moov.position() + 8);
          timescale = Integer.toUnsignedLong(moov.getInt());
          duration = Integer.toUnsignedLong(moov.getInt());
        }
        return timescale == 0 ? Optional.empty() : Optional.of((double) duration / timescale);
      }
      moov.position((int) (start + size));
    }
    return Optional.empty();
  }

  private static String fourCc(int value) {
    char[] chars = new char[4];
    for (int i = 0; i < 4; i++) {
      int c = (value >>> (24 - 8 * i)) & 0xff;
      chars[i] = c >= 0x20 && c < 0x7f ? (char) c : '?';
    }
    return new String(chars);
  }
}
