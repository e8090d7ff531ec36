package io.reelay.activities.providers.simulator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Packet.FrameType;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.Brand;
import org.jcodec.containers.mp4.WebOptimizedMP4Muxer;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.MediaHeaderBox;
import org.jcodec.containers.mp4.boxes.MovieBox;
import org.jcodec.containers.mp4.boxes.MovieHeaderBox;
import org.jcodec.containers.mp4.boxes.TrackHeaderBox;
import org.jcodec.containers.mp4.boxes.TrakBox;

/**
 * Renders a real, playable H.264 MP4 for the simulated provider, so everything downstream
 * (probing, storage, players) handles simulated output exactly like a real provider's.
 *
 * <p>Pure Java (jcodec): no ffmpeg binary and no AWT needed. Frames are drawn straight into YUV
 * 4:2:0 planes (no RGB conversion): a scrolling diagonal gradient, a few bouncing shapes and a
 * progress bar. Encoding dominates the cost and grows with macroblocks times frames, so the frame
 * rate is low ({@value #FPS} fps) and motion search narrow; one render uses one thread.
 *
 * <p>Everything is derived from the seed and the container timestamps are pinned, so the same spec
 * always yields a byte-identical file and a retried render reproduces its output exactly.
 */
public final class SimVideoRenderer {

  /** Low on purpose: encode time is linear in frames. */
  public static final int FPS = 10;

  // An IDR frame every 2 s keeps seeking cheap without paying for many intra frames.
  private static final int KEY_INTERVAL = 2 * FPS;
  // Motion search is the encoder's biggest cost. The background scrolls by exactly this many
  // pixels a frame, so a search range this small finds it; jcodec's default (16) only burns CPU.
  private static final int SCROLL_PIXELS_PER_FRAME = 2;
  private static final int MOTION_SEARCH_RANGE = SCROLL_PIXELS_PER_FRAME;
  private static final int INTRA_QP = 26;
  private static final int INTER_QP = 28;
  // jcodec always declares H.264 level 4.0: at most 8192 macroblocks a frame (1920x1080 and
  // 1080x1920 fit) and 4096 pixels a side. Bigger frames would break that promise to players.
  private static final int MAX_MACROBLOCKS = 8192;
  private static final int MAX_SIDE = 4096;
  private static final int MAX_DURATION_SECONDS = 600;
  // Creation/modification time written into the file: a constant (1970-01-01), not "now".
  private static final long PINNED_TIME_MILLIS = 0L;

  /** What to render. Width and height must be even (4:2:0 chroma); duration is whole seconds. */
  public record RenderSpec(int width, int height, int durationSeconds, long seed) {
    public RenderSpec {
      if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE) {
        throw new IllegalArgumentException(
            "frame sides must be 16.." + MAX_SIDE + ": " + width + "x" + height);
      }
      if (((width + 15) / 16) * ((height + 15) / 16) > MAX_MACROBLOCKS) {
        throw new IllegalArgumentException(
            "frame too large for H.264 level 4.0 (at most 8192 16x16 macroblocks, e.g. "
                + "1920x1080): " + width + "x" + height);
      }
      if (width % 2 != 0 || height % 2 != 0) {
        throw new IllegalArgumentException("frame sides must be even: " + width + "x" + height);
      }
      if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
        throw new IllegalArgumentException(
            "duration must be 1.." + MAX_DURATION_SECONDS + " s: " + durationSeconds);
      }
    }
  }

  /**
   * Frame size for an aspect ratio ("16:9", "9:16", "1:1", "4:3", "21:9", ... any W:H of two
   * numbers from 1 to 64) and a resolution ("480p", "720p", "1080p"): the short side is the
   * resolution, the long side short*W/H (or H/W) rounded to an even number (854x480, 1280x720,
   * 1920x1080 for 16:9; 960x720 for 4:3).
   *
   * @return {width, height}
   * @throws IllegalArgumentException for any other aspect ratio or resolution
   */
  public static int[] dimensions(String aspectRatio, String resolution) {
    int shortSide =
        switch (String.valueOf(resolution)) {
          case "480p" -> 480;
          case "720p" -> 720;
          case "1080p" -> 1080;
          default -> throw new IllegalArgumentException(
              "unknown resolution (expected 480p, 720p or 1080p): " + resolution);
        };
    java.util.regex.Matcher ratio =
        java.util.regex.Pattern.compile("^([1-9][0-9]?):([1-9][0-9]?)$").matcher(String.valueOf(aspectRatio));
    int w = ratio.matches() ? Integer.parseInt(ratio.group(1)) : 0;
    int h = ratio.matches() ? Integer.parseInt(ratio.group(2)) : 0;
    if (w == 0 || w > 64 || h > 64) {
      throw new IllegalArgumentException("unknown aspect ratio (expected W:H such as 16:9, 9:16 or 1:1): " + aspectRatio);
    }
    int longSide = 2 * (int) Math.round(shortSide * (double) Math.max(w, h) / Math.min(w, h) / 2);
    return w >= h ? new int[] {longSide, shortSide} : new int[] {shortSide, longSide};
  }

  /**
   * Renders the clip into a temp file next to {@code output}, then moves it into place atomically:
   * whoever sees {@code output} sees a complete file. An existing file is replaced.
   */
  public void render(RenderSpec spec, Path output) throws IOException {
    Path target = output.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its owner-only permissions would stick to the published file.
    Path tmp = Files.createFile(
        dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part"));
    try {
      encode(spec, tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static void encode(RenderSpec spec, Path path) throws IOException {
    int frames = spec.durationSeconds() * FPS;
    // The encoder works on whole 16x16 macroblocks; the crop rectangle makes it write SPS frame
    // cropping, so decoders and probes see exactly width x height (e.g. 1080, not 1088, lines).
    int codedWidth = (spec.width() + 15) & ~15;
    int codedHeight = (spec.height() + 15) & ~15;
    Picture picture = Picture.createCropped(codedWidth, codedHeight, ColorSpace.YUV420J,
        new Rect(0, 0, spec.width(), spec.height()));
    Scene scene = new Scene(spec, codedWidth, codedHeight);

    H264Encoder encoder = new H264Encoder(new ConstantQp(INTRA_QP, INTER_QP));
    encoder.setKeyInterval(KEY_INTERVAL);
    encoder.setMotionSearchRange(MOTION_SEARCH_RANGE);
    ByteBuffer buffer = ByteBuffer.allocate(encoder.estimateBufferSize(picture));

    try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
      // moov in front of mdat, so players can start before the whole file has arrived.
      WebOptimizedMP4Muxer muxer =
          new WebOptimizedMP4Muxer(new FileChannelWrapper(file), Brand.MP4, headerBudget(frames));
      MuxerTrack track = muxer.addVideoTrack(Codec.H264, VideoCodecMeta.createSimpleVideoCodecMeta(
          new Size(spec.width(), spec.height()), ColorSpace.YUV420J));
      for (int i = 0; i < frames; i++) {
        // Lets a shutting-down or cancelled caller stop a render nobody will use.
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("render interrupted at frame " + i + " of " + frames);
        }
        scene.draw(picture, i, frames);
        buffer.clear();
        EncodedFrame encoded = encoder.encodeFrame(picture, buffer);
        // Timescale = FPS and one tick per frame: the duration is exactly durationSeconds.
        track.addFrame(Packet.createPacket(encoded.getData(), i, FPS, 1, i,
            encoded.isKeyFrame() ? FrameType.KEY : FrameType.INTER, null));
      }
      MovieBox movie = muxer.finalizeHeader();
      pinTimestamps(movie);
      muxer.storeHeader(movie);
      // On disk before the rename publishes it, so a crash cannot leave a named but empty file.
      file.force(true);
    }
  }

  // Space reserved for moov ahead of mdat: fixed boxes plus per-frame sample table entries.
  // (Were it too small, jcodec would append moov at the end instead: still a valid file.)
  private static int headerBudget(int frames) {
    return 8192 + frames * 24;
  }

  // jcodec stamps mvhd, tkhd and mdhd with the wall clock, which would make every render unique.
  private static void pinTimestamps(MovieBox movie) {
    List<Box> top = movie.getBoxes();
    for (int i = 0; i < top.size(); i++) {
      if (top.get(i) instanceof MovieHeaderBox mvhd) {
        top.set(i, MovieHeaderBox.createMovieHeaderBox(mvhd.getTimescale(), mvhd.getDuration(),
            mvhd.getRate(), mvhd.getVolume(), PINNED_TIME_MILLIS, PINNED_TIME_MILLIS,
            mvhd.getMatrix(), mvhd.getNextTrackId()));
      }
    }
    for (TrakBox trak : movie.getTracks()) {
      List<Box> boxes = trak.getBoxes();
      for (int i = 0; i < boxes.size(); i++) {
        if (boxes.get(i) instanceof TrackHeaderBox tkhd) {
          TrackHeaderBox pinned = TrackHeaderBox.createTrackHeaderBox(tkhd.getTrackId(),
              tkhd.getDuration(), tkhd.getWidth(), tkhd.getHeight(), PINNED_TIME_MILLIS,
              PINNED_TIME_MILLIS, tkhd.getVolume(), tkhd.getLayer(), tkhd.getAltGroup(),
              tkhd.getMatrix());
          pinned.setFlags(tkhd.getFlags());
          boxes.set(i, pinned);
        }
      }
      List<Box> media = trak.getMdia().getBoxes();
      for (int i = 0; i < media.size(); i++) {
        if (media.get(i) instanceof MediaHeaderBox mdhd) {
          media.set(i, MediaHeaderBox.createMediaHeaderBox(mdhd.getTimescale(),
              mdhd.getDuration(), mdhd.getLanguage(), PINNED_TIME_MILLIS, PINNED_TIME_MILLIS,
              mdhd.getQuality()));
        }
      }
    }
  }

  /**
   * Fixed quantisers. jcodec's default rate control re-encodes a macroblock with a coarser
   * quantiser whenever it overshoots a bit budget: extra time for nothing here.
   */
  private record ConstantQp(int intraQp, int interQp) implements RateControl {
    @Override
    public int startPicture(Size size, int maxSize, SliceType sliceType) {
      return sliceType == SliceType.I ? intraQp : interQp;
    }

    @Override
    public int initialQpDelta() {
      return 0;
    }

    @Override
    public int accept(int bits) {
      return 0;
    }
  }

  /**
   * A moving disc or square in one colour (luma, cb, cr). Start position and velocity are in
   * fractions of the frame (per second); size is a fraction of the short side.
   */
  private record Shape(boolean disc, int luma, int cb, int cr, double x0, double y0, double vx,
      double vy, double size) {}

  /**
   * The seed-derived picture: a diagonal two-colour gradient scrolling across the frame, shapes
   * bouncing off the edges, and a progress bar along the bottom edge.
   */
  private static final class Scene {
    private final int width;
    private final int height;
    private final int stride;
    private final int rows;
    private final int period;
    private final int slope;
    private final byte[] rampY;
    private final byte[] rampU;
    private final byte[] rampV;
    private final Shape[] shapes;

    Scene(RenderSpec spec, int stride, int rows) {
      this.width = spec.width();
      this.height = spec.height();
      this.stride = stride;
      this.rows = rows;
      SplittableRandom random = new SplittableRandom(spec.seed());
      int shortSide = Math.min(width, height);
      // Even, so the chroma ramp is exactly the luma ramp at half resolution.
      this.period = Math.max(16, (shortSide * 3 / 4) & ~1);
      this.slope = random.nextBoolean() ? 1 : -1;

      int[] from = randomColour(random, 40, 120);
      int[] to = randomColour(random, 130, 220);
      this.rampY = ramp(from[0], to[0], period, stride);
      this.rampU = ramp(from[1], to[1], period / 2, stride / 2);
      this.rampV = ramp(from[2], to[2], period / 2, stride / 2);

      this.shapes = new Shape[3 + random.nextInt(3)];
      for (int i = 0; i < shapes.length; i++) {
        int[] colour = randomColour(random, 60, 235);
        shapes[i] = new Shape(random.nextBoolean(), colour[0], colour[1], colour[2],
            random.nextDouble(), random.nextDouble(),
            signed(random, 0.05, 0.3), signed(random, 0.05, 0.3),
            0.08 + random.nextDouble() * 0.14);
      }
    }

    void draw(Picture picture, int frame, int frames) {
      byte[] py = picture.getPlaneData(0);
      byte[] pu = picture.getPlaneData(1);
      byte[] pv = picture.getPlaneData(2);
      // Background, including the macroblock padding beyond the crop: one array copy per row.
      int shift = frame * SCROLL_PIXELS_PER_FRAME; // even, so chroma moves by exactly half
      for (int y = 0; y < rows; y++) {
        System.arraycopy(rampY, Math.floorMod(slope * y + shift, period), py, y * stride, stride);
      }
      int chromaStride = stride / 2;
      for (int y = 0; y < rows / 2; y++) {
        int start = Math.floorMod(slope * y + shift / 2, period / 2);
        System.arraycopy(rampU, start, pu, y * chromaStride, chromaStride);
        System.arraycopy(rampV, start, pv, y * chromaStride, chromaStride);
      }

      double seconds = frame / (double) FPS;
      int shortSide = Math.min(width, height);
      for (Shape shape : shapes) {
        int size = (int) Math.round(shape.size() * shortSide);
        double cx = size / 2.0 + bounce(shape.x0() + shape.vx() * seconds) * (width - size);
        double cy = size / 2.0 + bounce(shape.y0() + shape.vy() * seconds) * (height - size);
        fill(py, stride, width, height, shape.disc(), cx, cy, size / 2.0, pixel(shape.luma()));
        fill(pu, chromaStride, width / 2, height / 2, shape.disc(), cx / 2, cy / 2, size / 4.0,
            pixel(shape.cb()));
        fill(pv, chromaStride, width / 2, height / 2, shape.disc(), cx / 2, cy / 2, size / 4.0,
            pixel(shape.cr()));
      }

      // Progress bar: makes the clip's length visible when it is played back.
      int barHeight = Math.max(4, shortSide / 60) & ~1;
      int barWidth = (int) ((long) width * (frame + 1) / frames) & ~1;
      for (int y = height - barHeight; y < height; y++) {
        Arrays.fill(py, y * stride, y * stride + barWidth, pixel(235));
      }
      for (int y = (height - barHeight) / 2; y < height / 2; y++) {
        Arrays.fill(pu, y * chromaStride, y * chromaStride + barWidth / 2, pixel(128));
        Arrays.fill(pv, y * chromaStride, y * chromaStride + barWidth / 2, pixel(128));
      }
    }

    // Fills a disc or an axis-aligned square centred at (cx, cy), clipped to the visible area.
    private static void fill(byte[] plane, int stride, int width, int height, boolean disc,
        double cx, double cy, double radius, byte value) {
      int top = Math.max(0, (int) Math.floor(cy - radius));
      int bottom = Math.min(height, (int) Math.ceil(cy + radius));
      for (int y = top; y < bottom; y++) {
        double half = radius;
        if (disc) {
          double dy = y + 0.5 - cy;
          double squared = radius * radius - dy * dy;
          if (squared <= 0) {
            continue;
          }
          half = Math.sqrt(squared);
        }
        int left = Math.max(0, (int) Math.round(cx - half));
        int right = Math.min(width, (int) Math.round(cx + half));
        if (left < right) {
          Arrays.fill(plane, y * stride + left, y * stride + right, value);
        }
      }
    }

    // One period of a smooth triangle wave between two levels, unrolled by a row's length so any
    // row of the scrolled gradient is a single copy out of it.
    private static byte[] ramp(int from, int to, int period, int rowLength) {
      byte[] ramp = new byte[period + rowLength];
      for (int i = 0; i < ramp.length; i++) {
        double phase = (i % period) / (double) period;
        double t = phase < 0.5 ? phase * 2 : (1 - phase) * 2;
        t = t * t * (3 - 2 * t);
        ramp[i] = pixel((int) Math.round(from + (to - from) * t));
      }
      return ramp;
    }

    // Luma in [lo, hi]; chroma kept well inside the legal video range.
    private static int[] randomColour(SplittableRandom random, int lo, int hi) {
      return new int[] {
        random.nextInt(lo, hi + 1), random.nextInt(40, 217), random.nextInt(40, 217)
      };
    }

    private static double signed(SplittableRandom random, double min, double max) {
      double magnitude = min + random.nextDouble() * (max - min);
      return random.nextBoolean() ? magnitude : -magnitude;
    }

    // Maps an unbounded position onto 0..1 as if bouncing between two walls.
    private static double bounce(double position) {
      double p = position - 2 * Math.floor(position / 2);
      return p <= 1 ? p : 2 - p;
    }

    // jcodec keeps 8-bit samples as signed bytes offset by 128.
    private static byte pixel(int value) {
      return (byte) (value - 128);
    }
  }
}
