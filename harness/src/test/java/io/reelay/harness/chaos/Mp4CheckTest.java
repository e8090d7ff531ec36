package io.reelay.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Mp4CheckTest {

  private static byte[] box(String type, byte[]... contents) {
    int size = 8 + Arrays.stream(contents).mapToInt(c -> c.length).sum();
    ByteBuffer box = ByteBuffer.allocate(size).putInt(size).put(type.getBytes(StandardCharsets.US_ASCII));
    for (byte[] content : contents) {
      box.put(content);
    }
    return box.array();
  }

  private static byte[] mvhd(int version, long timescale, long duration) {
    ByteBuffer body = ByteBuffer.allocate(version == 1 ? 100 : 88);
    body.put((byte) version).put(new byte[3]);
    if (version == 1) {
      body.putLong(0).putLong(0).putInt((int) timescale).putLong(duration);
    } else {
      body.putInt(0).putInt(0).putInt((int) timescale).putInt((int) duration);
    }
    return box("mvhd", body.array());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static final byte[] FTYP = box("ftyp", "isom\0\0\2\0isomiso2avc1mp41".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] MDAT = box("mdat", new byte[1000]);

  private static byte[] mp4(byte[] mvhd) {
    return concat(FTYP, box("moov", mvhd, box("trak", new byte[16])), MDAT);
  }

  @Test
  void aWellFormedMp4OfTheRightLengthPasses() {
    assertEquals(Optional.empty(), Mp4Check.problem(mp4(mvhd(0, 1000, 2000)), 2));
    assertEquals(Optional.empty(), Mp4Check.problem(mp4(mvhd(1, 12800, 38400)), 3));
    // moov after mdat (not fast-start) is still an MP4
    assertEquals(Optional.empty(), Mp4Check.problem(concat(FTYP, MDAT, box("moov", mvhd(0, 1000, 1000))), 1));
  }

  @Test
  void truncatedPaddedOrForeignBytesFail() {
    byte[] good = mp4(mvhd(0, 1000, 2000));
    assertTrue(Mp4Check.problem(Arrays.copyOf(good, good.length - 1), 2).orElseThrow().contains("claims"));
    assertTrue(Mp4Check.problem(concat(good, new byte[3]), 2).orElseThrow().contains("trailing"));
    assertTrue(Mp4Check.problem(concat(good, new byte[12]), 2).isPresent());
    assertTrue(Mp4Check.problem("<html>not found</html>".getBytes(StandardCharsets.US_ASCII), 2).isPresent());
    assertTrue(Mp4Check.problem(new byte[0], 2).orElseThrow().contains("ftyp"));
  }

  @Test
  void aMissingBoxOrAWrongLengthFails() {
    assertTrue(Mp4Check.problem(concat(box("moov", mvhd(0, 1000, 2000)), FTYP, MDAT), 2).orElseThrow().contains("ftyp"));
    assertTrue(Mp4Check.problem(concat(FTYP, box("moov", mvhd(0, 1000, 2000))), 2).orElseThrow().contains("mdat"));
    assertTrue(Mp4Check.problem(concat(FTYP, box("moov", box("trak")), MDAT), 2).orElseThrow().contains("mvhd"));
    assertTrue(Mp4Check.problem(mp4(mvhd(0, 1000, 2000)), 5).orElseThrow().contains("lasts 2.0 s"));
  }
}
