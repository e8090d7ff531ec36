package io.reelay.activities.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.mp4.AvcCBox;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.containers.mp4.MP4Util;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.Header;
import org.jcodec.containers.mp4.boxes.MediaHeaderBox;
import org.jcodec.containers.mp4.boxes.MovieBox;
import org.jcodec.containers.mp4.boxes.MovieHeaderBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.SampleDescriptionBox;
import org.jcodec.containers.mp4.boxes.TrackHeaderBox;
import org.jcodec.containers.mp4.boxes.TrakBox;
import org.jcodec.containers.mp4.boxes.VideoSampleEntry;

/**
 * Reads the facts of an MP4 (ISO BMFF, QuickTime) file that matter for a video asset: how long it
 * plays, the size of its picture and its video codec. Only box headers and the {@code moov} box
 * are read, so probing a large file is cheap.
 *
 * <p>The top-level boxes are checked by hand first: jcodec walks arbitrary bytes without
 * complaint, so without that check a text file or a truncated download would fail late, with an
 * unhelpful message, or not at all.
 *
 * <p>The size is the decoded picture: from the H.264 SPS when there is one (frame cropping
 * applied, so a stream coded as 1088 lines reports 1080), else from the sample entry, swapped when
 * the track matrix rotates by 90 or 270 degrees. A non-square pixel aspect ratio is not applied.
 * The duration is the movie's (mvhd); fragmented files, whose mvhd is zero, fall back to the
 * video track headers, which may be zero too.
 */
public final class Mp4Probe {

  // Top-level boxes a real MP4/MOV can start with; anything else is "not an MP4".
  private static final Set<String> LEADING_BOXES =
      Set.of(
          "ftyp", "styp", "moov", "mdat", "free", "skip", "wide", "pdin", "uuid", "moof", "sidx");
  // Far above any real moov; the limit bounds the memory a hostile file can make us allocate.
  private static final long MAX_MOOV_BYTES = 64L * 1024 * 1024;

  /**
   * Facts about the first video track. {@code videoCodec} is the sample entry type, e.g. "avc1"
   * (H.264), "hvc1" (H.265), "mp4v".
   */
  public record VideoFacts(long durationMillis, int width, int height, String videoCodec) {}

  /** The file is not an MP4, is truncated or malformed, or has no usable video track. */
  public static final class InvalidMp4Exception extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidMp4Exception(String message) {
      super(message);
    }

    public InvalidMp4Exception(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Mp4Probe() {}

  /**
   * @throws InvalidMp4Exception when the file is not an MP4, is malformed or has no video track
   * @throws IOException when the file cannot be read
   */
  public static VideoFacts probe(Path file) throws IOException {
    checkTopLevelBoxes(file);
    MovieBox movie;
    try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
      movie = MP4Util.parseMovieChannel(channel);
    } catch (RuntimeException e) {
      throw new InvalidMp4Exception("not a readable MP4 (malformed moov box): " + file, e);
    }
    if (movie == null) {
      throw new InvalidMp4Exception("not an MP4: no moov box in " + file);
    }
    try {
      return facts(movie, file);
    } catch (RuntimeException e) {
      throw new InvalidMp4Exception("not a readable MP4 (malformed track metadata): " + file, e);
    }
  }

  private static VideoFacts facts(MovieBox movie, Path file) throws InvalidMp4Exception {
    TrakBox video = movie.getVideoTrack();
    if (video == null) {
      throw new InvalidMp4Exception("MP4 has no video track: " + file);
    }
    Box entry = firstSampleEntry(video);
    if (entry == null) {
      throw new InvalidMp4Exception("MP4 video track has no sample description: " + file);
    }
    int[] size = pictureSize(entry, video);
    if (size[0] <= 0 || size[1] <= 0) {
      throw new InvalidMp4Exception("MP4 video track has no frame size: " + file);
    }
    TrackHeaderBox tkhd = video.getTrackHeader();
    boolean quarterTurn = tkhd != null && (tkhd.isOrientation90() || tkhd.isOrientation270());
    return new VideoFacts(
        durationMillis(movie, video),
        quarterTurn ? size[1] : size[0],
        quarterTurn ? size[0] : size[1],
        entry.getFourcc());
  }

  private static Box firstSampleEntry(TrakBox video) {
    SampleDescriptionBox stsd =
        NodeBox.findFirstPath(video, SampleDescriptionBox.class, Box.path("mdia.minf.stbl.stsd"));
    if (stsd == null || stsd.getBoxes().isEmpty()) {
      return null;
    }
    return stsd.getBoxes().get(0);
  }

  private static int[] pictureSize(Box entry, TrakBox video) {
    if (entry instanceof VideoSampleEntry vse) {
      int[] sps = spsSize(vse);
      // The SPS knows the cropping, but jcodec misreads some profiles (High 4:4:4, for one), so it
      // is trusted only within the one macroblock of padding that cropping can remove.
      boolean entryHasSize = vse.getWidth() > 0 && vse.getHeight() > 0;
      if (sps != null
          && (!entryHasSize
              || (Math.abs(sps[0] - vse.getWidth()) < 16
                  && Math.abs(sps[1] - vse.getHeight()) < 16))) {
        return sps;
      }
      if (entryHasSize) {
        return new int[] {vse.getWidth(), vse.getHeight()};
      }
    }
    TrackHeaderBox tkhd = video.getTrackHeader();
    return tkhd == null
        ? new int[] {0, 0}
        : new int[] {Math.round(tkhd.getWidth()), Math.round(tkhd.getHeight())};
  }

  // Decoded size per H.264 7.4.2.1.1: coded macroblocks minus the frame cropping. Null when there
  // is no readable SPS.
  private static int[] spsSize(VideoSampleEntry vse) {
    String fourcc = vse.getFourcc();
    if (!"avc1".equals(fourcc) && !"avc3".equals(fourcc)) {
      return null;
    }
    SeqParameterSet sps;
    try {
      AvcCBox avcC = H264Utils.parseAVCC(vse);
      if (avcC == null || avcC.getSpsList().isEmpty()) {
        return null;
      }
      sps = H264Utils.readSPS(avcC.getSpsList().get(0));
    } catch (RuntimeException e) {
      return null; // the sample entry's size is still there to fall back on
    }
    if (sps.chromaFormatIdc == null) {
      return null;
    }
    int fieldFactor = sps.frameMbsOnlyFlag ? 1 : 2;
    int width = (sps.picWidthInMbsMinus1 + 1) * 16;
    int height = fieldFactor * (sps.picHeightInMapUnitsMinus1 + 1) * 16;
    if (sps.frameCroppingFlag) {
      boolean mono = sps.chromaFormatIdc == ColorSpace.MONO || sps.separateColourPlaneFlag;
      int unitX = mono ? 1 : 1 << sps.chromaFormatIdc.compWidth[1];
      int unitY = (mono ? 1 : 1 << sps.chromaFormatIdc.compHeight[1]) * fieldFactor;
      width -= unitX * (sps.frameCropLeftOffset + sps.frameCropRightOffset);
      height -= unitY * (sps.frameCropTopOffset + sps.frameCropBottomOffset);
    }
    return new int[] {width, height};
  }

  private static long durationMillis(MovieBox movie, TrakBox video) {
    MovieHeaderBox mvhd = NodeBox.findFirst(movie, MovieHeaderBox.class, "mvhd");
    int movieTimescale = mvhd == null ? 0 : mvhd.getTimescale();
    if (movieTimescale > 0 && mvhd.getDuration() > 0) {
      return toMillis(mvhd.getDuration(), movieTimescale);
    }
    TrackHeaderBox tkhd = video.getTrackHeader();
    if (movieTimescale > 0 && tkhd != null && tkhd.getDuration() > 0) {
      return toMillis(tkhd.getDuration(), movieTimescale);
    }
    MediaHeaderBox mdhd =
        NodeBox.findFirstPath(video, MediaHeaderBox.class, Box.path("mdia.mdhd"));
    if (mdhd != null && mdhd.getTimescale() > 0) {
      return toMillis(mdhd.getDuration(), mdhd.getTimescale());
    }
    return 0;
  }

  private static long toMillis(long units, int timescale) {
    return Math.round(units * 1000.0 / timescale);
  }

  // The top-level boxes must tile the file, start with a known one, and include a moov.
  private static void checkTopLevelBoxes(Path file) throws IOException {
    long fileSize = Files.size(file);
    if (fileSize < 8) {
      throw new InvalidMp4Exception("not an MP4: " + file + " is only " + fileSize + " bytes");
    }
    List<TopLevelBox> boxes;
    try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
      boxes = topLevelBoxes(channel, file.toString(), LEADING_BOXES);
    }
    boolean sawMoov = false;
    for (TopLevelBox box : boxes) {
      if (box.type().equals("moov")) {
        if (box.size() > MAX_MOOV_BYTES) {
          throw new InvalidMp4Exception(
              "MP4 moov box is implausibly large (" + box.size() + " bytes): " + file);
        }
        sawMoov = true;
      }
    }
    if (!sawMoov) {
      throw new InvalidMp4Exception("not a playable MP4: no moov box in " + file);
    }
  }

  /** A top-level box: its type, and where it lies (offset and size, header included). */
  public record TopLevelBox(String type, long offset, long size) {}

  /**
   * Walks the top-level box headers of the MP4 in {@code channel}: each must have a printable
   * type and end inside the data, the first must be one of {@code leadingTypes}, and the boxes
   * must tile the data exactly (no trailing bytes). Empty data has no boxes. Also what the chaos
   * harness checks every downloaded video with.
   *
   * @param name how messages name the data, e.g. its file
   * @throws InvalidMp4Exception naming the first box that breaks a rule
   */
  public static List<TopLevelBox> topLevelBoxes(SeekableByteChannel channel, String name, Set<String> leadingTypes)
      throws IOException {
    long total = channel.size();
    List<TopLevelBox> boxes = new ArrayList<>();
    ByteBuffer header = ByteBuffer.allocate(16);
    long position = 0;
    while (position < total) {
      if (total - position < 8) {
        throw new InvalidMp4Exception(
            "not a complete MP4: trailing bytes at offset " + position + " in " + name);
      }
      header.clear().limit((int) Math.min(16, total - position));
      channel.setPosition(position);
      readFully(channel, header);
      header.flip();
      long size = header.getInt() & 0xffffffffL;
      String type = fourcc(header);
      if (position == 0 && (type == null || !leadingTypes.contains(type))) {
        throw new InvalidMp4Exception("not an MP4: " + name + " does not start with a box of "
            + new TreeSet<>(leadingTypes) + " (first bytes " + hex(header, 8) + ")");
      }
      if (type == null) {
        throw new InvalidMp4Exception(
            "not a complete MP4: no box header at offset " + position + " in " + name);
      }
      long headerSize = 8;
      if (size == 1) {
        if (header.remaining() < 8) {
          throw new InvalidMp4Exception(
              "not a complete MP4: box '" + type + "' has a cut-off header in " + name);
        }
        size = header.getLong();
        headerSize = 16;
      } else if (size == 0) {
        size = total - position; // the box extends to the end of the file
      }
      if (size < headerSize || size > total - position) {
        throw new InvalidMp4Exception("not a complete MP4: box '" + type + "' at offset "
            + position + " claims " + size + " bytes but the file has " + (total - position)
            + " left (" + name + ")");
      }
      boxes.add(new TopLevelBox(type, position, size));
      position += size;
    }
    return boxes;
  }

  /** {@link #topLevelBoxes(SeekableByteChannel, String, Set)} of an MP4 held in memory. */
  public static List<TopLevelBox> topLevelBoxes(byte[] mp4, String name, Set<String> leadingTypes)
      throws InvalidMp4Exception {
    try (SeekableByteChannel channel = ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(mp4))) {
      return topLevelBoxes(channel, name, leadingTypes);
    } catch (InvalidMp4Exception e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidMp4Exception("not a readable MP4: " + name, e);
    }
  }

  /**
   * How long the movie in {@code mp4} plays by its movie header (mvhd), in seconds; empty when
   * there is no readable one.
   */
  public static OptionalDouble movieSeconds(byte[] mp4) {
    try {
      for (TopLevelBox box : topLevelBoxes(mp4, "the movie", LEADING_BOXES)) {
        if (box.type().equals("moov")) {
          return movieSeconds(ByteBuffer.wrap(mp4, (int) box.offset(), (int) box.size()).slice());
        }
      }
    } catch (InvalidMp4Exception | RuntimeException malformed) {
      // no readable movie header
    }
    return OptionalDouble.empty();
  }

  // Only the moov's mvhd child is read: parsing the whole moov would fail on any track jcodec
  // cannot read, and the duration does not depend on the tracks. jcodec's MovieHeaderBox.parse
  // needs every field up to the next track id; the duration needs only the first few.
  private static OptionalDouble movieSeconds(ByteBuffer moov) {
    Header moovHeader = Header.read(moov);
    while (moovHeader != null && moov.remaining() >= 8) {
      Header child = Header.read(moov);
      if (child == null || child.getBodySize() < 0 || child.getBodySize() > moov.remaining()) {
        break;
      }
      ByteBuffer body = NIOUtils.read(moov, (int) child.getBodySize());
      if (child.getFourcc().equals("mvhd")) {
        return durationSeconds(body);
      }
    }
    return OptionalDouble.empty();
  }

  // duration / timescale of an mvhd body: version, flags, then 32- or 64-bit times (ISO 14496-12)
  private static OptionalDouble durationSeconds(ByteBuffer mvhd) {
    int version = mvhd.get() & 0xff;
    mvhd.position(mvhd.position() + 3); // flags
    long timescale;
    long duration;
    if (version == 1) {
      mvhd.position(mvhd.position() + 16); // creation and modification times
      timescale = Integer.toUnsignedLong(mvhd.getInt());
      duration = mvhd.getLong();
    } else {
      mvhd.position(mvhd.position() + 8);
      timescale = Integer.toUnsignedLong(mvhd.getInt());
      duration = Integer.toUnsignedLong(mvhd.getInt());
    }
    return timescale == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) duration / timescale);
  }

  private static void readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new InvalidMp4Exception("unexpected end of file while reading box headers");
      }
    }
  }

  // The box type as text, or null when it is not four printable ASCII characters.
  private static String fourcc(ByteBuffer header) {
    byte[] type = new byte[4];
    header.get(type);
    for (byte b : type) {
      if (b < 0x20 || b > 0x7e) {
        return null;
      }
    }
    return new String(type, StandardCharsets.US_ASCII);
  }

  private static String hex(ByteBuffer header, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(count, header.limit()); i++) {
      text.append(String.format("%02x", header.get(i) & 0xff));
    }
    return text.toString();
  }
}
