package io.reelay.activities.assets.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sniffing by leading bytes and reading the pixel size from the three formats' headers. */
class ImageFetcherFormatTest {

  @Test
  void formatsAreToldApartByTheirFirstBytes() {
    assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0)));
    assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)));
    assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.detect(ImageFetcherTest.extendedWebp(1, 1)));
    assertTrue(ImageFormat.detect(bytes('G', 'I', 'F', '8', '9', 'a')).isEmpty());
    assertTrue(ImageFormat.detect("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII)).isEmpty());
    assertTrue(ImageFormat.detect(bytes(0xFF, 0xD8)).isEmpty());
    assertTrue(ImageFormat.detect(new byte[0]).isEmpty());
  }

  @Test
  void webpLossyAndLosslessSizes() {
    byte[] lossy = webpHeader("VP8 ");
    lossy[23] = (byte) 0x9D;
    lossy[24] = 0x01;
    lossy[25] = 0x2A;
    lossy[26] = (byte) 640;
    lossy[27] = (byte) (640 >> 8);
    lossy[28] = (byte) 480;
    lossy[29] = (byte) (480 >> 8);
    assertEquals(new ImageFormat.PixelSize(640, 480), ImageFormat.WEBP.pixelSize(lossy));

    byte[] lossless = webpHeader("VP8L");
    lossless[20] = 0x2F;
    int bits = (100 - 1) | (50 - 1) << 14;
    lossless[21] = (byte) bits;
    lossless[22] = (byte) (bits >> 8);
    lossless[23] = (byte) (bits >> 16);
    lossless[24] = (byte) (bits >> 24);
    assertEquals(new ImageFormat.PixelSize(100, 50), ImageFormat.WEBP.pixelSize(lossless));
  }

  @Test
  void truncatedHeadersGiveAnUnknownSize() {
    assertEquals(ImageFormat.PixelSize.UNKNOWN, ImageFormat.JPEG.pixelSize(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x00)));
    assertEquals(ImageFormat.PixelSize.UNKNOWN, ImageFormat.PNG.pixelSize(bytes(0x89, 'P', 'N', 'G')));
    assertEquals(ImageFormat.PixelSize.UNKNOWN, ImageFormat.WEBP.pixelSize(webpHeader("VP8 ")));
  }

  private static byte[] webpHeader(String chunk) {
    byte[] b = new byte[30];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
    System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, b, 12, 4);
    return b;
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
