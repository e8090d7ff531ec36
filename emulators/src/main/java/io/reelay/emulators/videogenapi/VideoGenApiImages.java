package io.reelay.emulators.videogenapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads the images a submission names, as the real service must before it can render: any
 * http(s) URL (loopback included: this is a test double, not a public fetcher), at most
 * {@code maxBytes}, and only JPEG, PNG, GIF or WebP as told by the first bytes. Error messages
 * name the field, never the URL, which may carry a token.
 */
final class VideoGenApiImages {

  /** A downloaded image; width and height are -1 when the header does not say. */
  record Image(String format, long size, int width, int height) {

    /** Whether the image is taller than wide, wider than tall, or square (null: unknown). */
    String aspectRatio() {
      if (width <= 0 || height <= 0) {
        return null;
      }
      double ratio = width / (double) height;
      if (ratio > 1.15) {
        return "16:9";
      }
      return ratio < 0.87 ? "9:16" : "1:1";
    }
  }

  /** The image cannot be used; {@code status} is the HTTP status to answer (400 or 413). */
  static final class Rejected extends Exception {
    final int status;

    Rejected(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final long maxBytes;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  VideoGenApiImages(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** Whether a field's value is something the API would try to download at all. */
  static boolean httpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  Image fetch(String field, String url) throws Rejected {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException | IllegalArgumentException e) {
      throw new Rejected(400, field + " could not be downloaded");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Rejected(400, field + " could not be downloaded");
    }
    byte[] data;
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new Rejected(400, field + " could not be downloaded (HTTP " + response.statusCode() + ")");
      }
      if (response.headers().firstValueAsLong("Content-Length").orElse(-1) > maxBytes) {
        throw tooLarge(field);
      }
      data = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      throw new Rejected(400, field + " could not be downloaded");
    }
    if (data.length > maxBytes) {
      throw tooLarge(field);
    }
    String format = format(data);
    if (format == null) {
      throw new Rejected(400, field + " is not an image (expected jpg, jpeg, png, gif or webp)");
    }
    int[] size = size(format, data);
    return new Image(format, data.length, size[0], size[1]);
  }

  private Rejected tooLarge(String field) {
    return new Rejected(413, field + " is larger than " + maxBytes + " bytes");
  }

  /** The format by magic bytes, or null. */
  static String format(byte[] d) {
    if (startsWith(d, 0, 0xFF, 0xD8, 0xFF)) {
      return "jpeg";
    }
    if (startsWith(d, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "png";
    }
    if (startsWith(d, 0, 'G', 'I', 'F', '8')) {
      return "gif";
    }
    if (startsWith(d, 0, 'R', 'I', 'F', 'F') && startsWith(d, 8, 'W', 'E', 'B', 'P')) {
      return "webp";
    }
    return null;
  }

  /** {width, height} from the header, {-1, -1} when it does not say. */
  private static int[] size(String format, byte[] d) {
    int[] unknown = {-1, -1};
    switch (format) {
      case "png":
        return d.length >= 24 ? new int[] {be16(d, 18), be16(d, 22)} : unknown;
      case "gif":
        return d.length >= 10 ? new int[] {le16(d, 6), le16(d, 8)} : unknown;
      case "webp":
        if (d.length >= 30 && startsWith(d, 12, 'V', 'P', '8', ' ')) {
          return new int[] {le16(d, 26) & 0x3FFF, le16(d, 28) & 0x3FFF};
        }
        if (d.length >= 30 && startsWith(d, 12, 'V', 'P', '8', 'X')) {
          return new int[] {(le16(d, 24) | (d[26] & 0xFF) << 16) + 1, (le16(d, 27) | (d[29] & 0xFF) << 16) + 1};
        }
        return unknown;
      default: // jpeg: walk the segments to the first start-of-frame (height, then width)
        int pos = 2;
        while (pos + 9 <= d.length && (d[pos] & 0xFF) == 0xFF) {
          int marker = d[pos + 1] & 0xFF;
          if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            return new int[] {be16(d, pos + 7), be16(d, pos + 5)};
          }
          pos += 2 + be16(d, pos + 2);
        }
        return unknown;
    }
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

  // PNG sizes are 32-bit big-endian; no real image needs the upper half
  private static int be16(byte[] d, int i) {
    return (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
  }

  private static int le16(byte[] d, int i) {
    return (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8;
  }
}
