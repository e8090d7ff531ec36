package io.reelay.activities.providers.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.assets.Mp4Probe;
import io.reelay.activities.assets.Mp4Probe.InvalidMp4Exception;
import io.reelay.activities.assets.Mp4Probe.VideoFacts;
import io.reelay.activities.providers.simulator.SimVideoRenderer.RenderSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jcodec.common.AudioFormat;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.containers.mp4.muxer.MP4Muxer;
import org.jcodec.containers.mp4.muxer.PCMMP4MuxerTrack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimVideoRendererTest {

  private final SimVideoRenderer renderer = new SimVideoRenderer();

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1} -> {2}x{3}")
  @CsvSource({
    "16:9, 480p, 854, 480", "16:9, 720p, 1280, 720", "16:9, 1080p, 1920, 1080",
    "9:16, 480p, 480, 854", "9:16, 720p, 720, 1280", "9:16, 1080p, 1080, 1920",
    "1:1, 480p, 480, 480", "1:1, 720p, 720, 720", "1:1, 1080p, 1080, 1080"
  })
  void dimensionsFollowAspectRatioAndResolution(
      String aspectRatio, String resolution, int width, int height) {
    assertArrayEquals(
        new int[] {width, height}, SimVideoRenderer.dimensions(aspectRatio, resolution));
  }

  @Test
  void anyWholeNumberRatioIsDrawnButOtherValuesAreRejected() {
    assertArrayEquals(new int[] {960, 720}, SimVideoRenderer.dimensions("4:3", "720p"));
    assertArrayEquals(new int[] {1080, 2520}, SimVideoRenderer.dimensions("9:21", "1080p"));
    assertThrows(IllegalArgumentException.class, () -> SimVideoRenderer.dimensions("adaptive", "720p"));
    assertThrows(IllegalArgumentException.class, () -> SimVideoRenderer.dimensions("0:1", "720p"));
    assertThrows(IllegalArgumentException.class, () -> SimVideoRenderer.dimensions("16:9", "4k"));
    assertThrows(IllegalArgumentException.class, () -> SimVideoRenderer.dimensions(null, "720p"));
  }

  @Test
  void specsTheEncoderCannotHonourAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RenderSpec(855, 480, 1, 1)); // odd
    assertThrows(IllegalArgumentException.class, () -> new RenderSpec(854, 480, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new RenderSpec(3840, 2160, 1, 1));
  }

  // 854 and 480x854 are not whole macroblocks, so these also check the SPS cropping; two seconds
  // span more than one key-frame interval.
  @ParameterizedTest(name = "{0} {1} {2}s")
  @CsvSource({"16:9, 480p, 1", "9:16, 480p, 1", "1:1, 480p, 2", "16:9, 720p, 2"})
  void rendersAnH264Mp4OfTheRequestedSizeAndLength(
      String aspectRatio, String resolution, int seconds) throws IOException {
    int[] size = SimVideoRenderer.dimensions(aspectRatio, resolution);
    Path out = dir.resolve("clip.mp4");

    renderer.render(new RenderSpec(size[0], size[1], seconds, 7L), out);

    VideoFacts facts = Mp4Probe.probe(out);
    assertEquals(seconds * 1000L, facts.durationMillis(), 100, "duration");
    assertEquals(size[0], facts.width(), "width");
    assertEquals(size[1], facts.height(), "height");
    assertEquals("avc1", facts.videoCodec(), "H.264");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temp file left behind");
    }
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
    RenderSpec spec = new RenderSpec(480, 480, 1, 42L);
    Path first = dir.resolve("first.mp4");
    Path again = dir.resolve("again.mp4");
    Path other = dir.resolve("other.mp4");

    renderer.render(spec, first);
    renderer.render(spec, again);
    renderer.render(new RenderSpec(480, 480, 1, 43L), other);

    assertEquals(sha256(first), sha256(again));
    assertNotEquals(sha256(first), sha256(other), "a different seed must change the content");
  }

  @Test
  void renderReplacesAnExistingFile() throws IOException {
    Path out = Files.writeString(dir.resolve("clip.mp4"), "stale");

    renderer.render(new RenderSpec(320, 240, 1, 1L), out);

    assertEquals(320, Mp4Probe.probe(out).width());
  }

  @Test
  void probeRejectsRandomBytes() throws IOException {
    byte[] noise = new byte[64 * 1024];
    new Random(1).nextBytes(noise);

    assertNotAnMp4(Files.write(dir.resolve("noise.mp4"), noise));
  }

  @Test
  void probeRejectsText() throws IOException {
    assertNotAnMp4(Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n"));
  }

  @Test
  void probeRejectsATruncatedMp4() throws IOException {
    Path full = dir.resolve("full.mp4");
    renderer.render(new RenderSpec(320, 240, 1, 1L), full);
    byte[] bytes = Files.readAllBytes(full);
    Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));

    InvalidMp4Exception e = assertThrows(InvalidMp4Exception.class, () -> Mp4Probe.probe(cut));
    assertTrue(e.getMessage().contains("not a complete MP4"), e.getMessage());
  }

  @Test
  void probeRejectsAnMp4WithoutVideo() throws IOException {
    Path file = dir.resolve("audio-only.mp4");
    try (SeekableByteChannel channel = NIOUtils.writableChannel(file.toFile())) {
      MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(channel);
      PCMMP4MuxerTrack audio = muxer.addPCMAudioTrack(AudioFormat.MONO_48K_S16_LE);
      audio.addSamples(ByteBuffer.allocate(48_000 * 2)); // one second of silence
      muxer.finish();
    }

    InvalidMp4Exception e = assertThrows(InvalidMp4Exception.class, () -> Mp4Probe.probe(file));
    assertTrue(e.getMessage().contains("no video track"), e.getMessage());
  }

  private static void assertNotAnMp4(Path file) {
    InvalidMp4Exception e = assertThrows(InvalidMp4Exception.class, () -> Mp4Probe.probe(file));
    assertTrue(e.getMessage().startsWith("not an MP4"), e.getMessage());
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
