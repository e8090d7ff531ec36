package io.reelay.activities.assets.images;

import java.util.Optional;

/**
 * The image formats providers accept, recognised by their first bytes only: a name or a
 * Content-Type proves nothing. Each also reads its pixel size from the header where that is a
 * fixed-offset read (JPEG needs a short marker walk).
 */
public enum ImageFormat {
  JPEG("image/jpeg"),
  PNG("image/png"),
  WEBP("image/webp");

  /** Enough leading bytes to tell the three formats apart. */
  static final int SNIFF_LENGTH = 12;

  private final String mediaType;

  ImageFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format the leading bytes prove, if any (also for test doubles that check uploads). */
  public static Optional<ImageFormat> detect(byte[] data) {
    if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }

  /** Width and height in pixels as a header states them. */
  record PixelSize(int width, int height) {
    static final PixelSize UNKNOWN = new PixelSize(-1, -1);
  }

  /** The size from the header, or {@link PixelSize#UNKNOWN}. */
  PixelSize pixelSize(byte[] data) {
    PixelSize size =
        switch (this) {
          case PNG -> pngSize(data);
          case JPEG -> jpegSize(data);
          case WEBP -> webpSize(data);
        };
    return size.width() > 0 && size.height() > 0 ? size : PixelSize.UNKNOWN;
  }

  // IHDR is always the first chunk: width and height are big-endian at 16 and 20
  private static PixelSize pngSize(byte[] d) {
    if (d.length < 24 || !startsWith(d, 12, 'I', 'H', 'D', 'R')) {
      return unknown();
    }
    return new PixelSize(be32(d, 16), be32(d, 20));
  }

  // walk the segments to the first start-of-frame; it holds height then width
  private static PixelSize jpegSize(byte[] d) {
    int pos = 2;
    while (pos + 3 < d.length) {
      if ((d[pos] & 0xFF) != 0xFF) {
        return unknown();
      }
      int marker = d[pos + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        pos++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // no length
        pos += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) { // end of image, start of scan: no frame header seen
        return unknown();
      }
      int length = be16(d, pos + 2);
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        return pos + 9 <= d.length ? new PixelSize(be16(d, pos + 7), be16(d, pos + 5)) : unknown();
      }
      if (length < 2) {
        return unknown();
      }
      pos += 2 + length;
    }
    return unknown();
  }

  private static PixelSize webpSize(byte[] d) {
    if (d.length < 30) {
      return unknown();
    }
    if (startsWith(d, 12, 'V', 'P', '8', ' ') && startsWith(d, 23, 0x9D, 0x01, 0x2A)) { // lossy
      return new PixelSize(le16(d, 26) & 0x3FFF, le16(d, 28) & 0x3FFF);
    }
    if (startsWith(d, 12, 'V', 'P', '8', 'L') && (d[20] & 0xFF) == 0x2F) { // lossless: 14-bit fields
      int bits = (d[21] & 0xFF) | (d[22] & 0xFF) << 8 | (d[23] & 0xFF) << 16 | (d[24] & 0xFF) << 24;
      return new PixelSize((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
    }
    if (startsWith(d, 12, 'V', 'P', '8', 'X')) { // extended: 24-bit canvas size minus one
      return new PixelSize(le24(d, 24) + 1, le24(d, 27) + 1);
    }
    return unknown();
  }

  private static boolean startsWith(byte[] data, int offset, int... expected) {
    if (data.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((data[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static PixelSize unknown() {
    return PixelSize.UNKNOWN;
  }

  private static int be16(byte[] d, int i) {
    return (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
  }

  private static int be32(byte[] d, int i) {
    return (d[i] & 0xFF) << 24 | (d[i + 1] & 0xFF) << 16 | (d[i + 2] & 0xFF) << 8 | (d[i + 3] & 0xFF);
  }

  private static int le16(byte[] d, int i) {
    return (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8;
  }

  private static int le24(byte[] d, int i) {
    return (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF) << 16;
  }
}
