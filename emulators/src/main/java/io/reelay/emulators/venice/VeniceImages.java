package io.reelay.emulators.venice;

import io.reelay.activities.assets.images.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a queue request's {@code image_url}: a base64 data URI, or an http(s) URL the emulator
 * downloads. Either way the bytes must be a JPEG, PNG or WebP by their first bytes. This is a test
 * double: it fetches any host, loopback included, which a real service must not.
 */
final class VeniceImages {

  /** The image a job was given. @param source "data_uri" or "url" */
  record InputImage(String contentType, int sizeBytes, String source) {}

  /** Why an image_url was refused; the message never repeats the URL or its data. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message);
    }
  }

  static final int MAX_BYTES = 10 * 1024 * 1024;
  private static final Pattern DATA_URI = Pattern.compile("data:([\\w.+-]+/[\\w.+-]+)?(;[^,;]+)*;base64,(.*)", Pattern.DOTALL);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  InputImage read(String imageUrl) throws Rejected {
    if (imageUrl.startsWith("data:")) {
      return check(decode(imageUrl), "data_uri");
    }
    URI uri;
    try {
      uri = URI.create(imageUrl);
    } catch (IllegalArgumentException e) {
      throw new Rejected("image_url must be a data URI or an http(s) URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new Rejected("image_url must be a data URI or an http(s) URL");
    }
    return check(download(uri), "url");
  }

  private static byte[] decode(String dataUri) throws Rejected {
    Matcher m = DATA_URI.matcher(dataUri);
    if (!m.matches()) {
      throw new Rejected("image_url must be an http(s) URL or a base64 data URI");
    }
    try {
      return Base64.getDecoder().decode(m.group(3).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new Rejected("image_url data URI is not valid base64");
    }
  }

  private byte[] download(URI uri) throws Rejected {
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new Rejected("image_url could not be fetched (HTTP " + response.statusCode() + ")");
        }
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new Rejected("image_url is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new Rejected("image_url could not be fetched");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Rejected("image_url could not be fetched");
    }
  }

  private static InputImage check(byte[] bytes, String source) throws Rejected {
    if (bytes.length > MAX_BYTES) {
      throw new Rejected("image_url is larger than " + MAX_BYTES + " bytes");
    }
    String type = sniff(bytes);
    if (type == null) {
      throw new Rejected("image_url must be a JPEG, PNG or WebP image");
    }
    return new InputImage(type, bytes.length, source);
  }

  /** The image type by magic bytes, or null. */
  static String sniff(byte[] d) {
    return ImageFormat.detect(d).map(ImageFormat::mediaType).orElse(null);
  }
}
