package io.reelay.activities.assets.images;

import io.reelay.activities.assets.images.ImageRejectedException.Reason;
import io.reelay.activities.net.Deadline;
import io.reelay.activities.net.PinnedHttp;
import io.reelay.activities.net.PublicAddresses;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Image inputs from a URL or a data: URI, safe to take from customers.
 *
 * <p>A URL must be http(s) without user info, and its host must resolve only to public
 * addresses ({@link NonPublicRanges}) unless the host or the address is allow-listed. We resolve
 * the host ourselves and connect to the very address we checked ({@link PinnedHttp}), so a
 * second, different DNS answer cannot slip in between check and connect. Redirects are followed
 * by hand, each hop checked the same way. Bodies are capped while they stream, and only JPEG,
 * PNG and WebP content is accepted, whatever the name or Content-Type claim.
 */
@Singleton
public class ImageFetcher {

  private static final int MAX_URL_LENGTH = 8 * 1024;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Map<String, String> REQUEST_HEADERS =
      Map.of("User-Agent", "Reelay-ImageFetcher/1", "Accept", "image/jpeg, image/png, image/webp");

  private final ImageFetchPolicy policy;
  private final PublicAddresses addresses;

  public ImageFetcher(ImageFetchPolicy policy) {
    this.policy = policy;
    // parsed now so a typo in reelay.images.allowed-cidrs fails at startup, not per request
    this.addresses = new PublicAddresses(policy.allowedHosts(), policy.allowedCidrs());
  }

  /** Fetches an http(s) image URL, following at most {@code maxRedirects} redirects. */
  public FetchedImage fetch(String url) throws ImageRejectedException {
    Deadline deadline = Deadline.after(policy.readTimeout());
    URI current = parseHttpUrl(url, "image URL");
    for (int redirects = 0; ; redirects++) {
      String host = PublicAddresses.normalizedHost(current.getHost());
      List<InetAddress> addresses = screenedAddresses(host);
      try (PinnedHttp exchange = PinnedHttp.get(current, addresses, REQUEST_HEADERS, policy.connectTimeout(), deadline)) {
        if (REDIRECTS.contains(exchange.status())) {
          if (redirects >= policy.maxRedirects()) {
            throw new ImageRejectedException(
                Reason.UNREACHABLE, "image URL redirects more than " + policy.maxRedirects() + " times");
          }
          current = redirectTarget(current, exchange);
          continue;
        }
        if (exchange.status() != 200) {
          throw new ImageRejectedException(Reason.UNREACHABLE, "image host answered HTTP " + exchange.status());
        }
        OptionalLong declared = exchange.declaredLength();
        if (declared.isPresent() && declared.getAsLong() > policy.maxBytes()) {
          throw tooLarge(); // refused before reading a byte of it
        }
        return identified(readCapped(exchange.body()));
      } catch (InterruptedIOException e) {
        throw timedOut();
      } catch (IOException e) {
        // the cause stays out of the message: it would tell a caller about our network
        throw new ImageRejectedException(Reason.UNREACHABLE, "could not download the image from " + host);
      }
    }
  }

  private static ImageRejectedException timedOut() {
    return new ImageRejectedException(Reason.TIMEOUT, "image host did not answer within the time allowed");
  }

  /** Checks an uploaded file (multipart): the same size cap and content check as a download. */
  public FetchedImage fromUpload(byte[] bytes) throws ImageRejectedException {
    if (bytes == null || bytes.length == 0) {
      throw new ImageRejectedException(Reason.UNSUPPORTED_TYPE, "the uploaded image is empty");
    }
    if (bytes.length > policy.maxBytes()) {
      throw tooLarge();
    }
    return identified(bytes);
  }

  /** Decodes {@code data:<type>;base64,<payload>}; the declared type is ignored, the content decides. */
  public FetchedImage fromDataUri(String dataUri) throws ImageRejectedException {
    if (dataUri == null || !dataUri.regionMatches(true, 0, "data:", 0, 5)) {
      throw new ImageRejectedException(Reason.INVALID_URL, "not a data: URI");
    }
    int comma = dataUri.indexOf(',');
    if (comma < 0 || !dataUri.substring(5, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
      throw new ImageRejectedException(Reason.INVALID_URL, "data: URI must be base64, e.g. data:image/png;base64,...");
    }
    String payload = dataUri.substring(comma + 1).replaceAll("\\s", "");
    // every 4 characters decode to at most 3 bytes: refuse before allocating for a huge one
    if (payload.length() / 4 * 3L > policy.maxBytes() + 3) {
      throw tooLarge();
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw new ImageRejectedException(Reason.INVALID_URL, "data: URI payload is not valid base64");
    }
    if (bytes.length > policy.maxBytes()) {
      throw tooLarge();
    }
    return identified(bytes);
  }

  private URI parseHttpUrl(String text, String what) throws ImageRejectedException {
    if (text == null || text.isBlank() || text.length() > MAX_URL_LENGTH) {
      throw new ImageRejectedException(Reason.INVALID_URL, what + " is empty or too long");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new ImageRejectedException(Reason.INVALID_URL, what + " is not a valid URL");
    }
    return checkedHttpUrl(uri, what);
  }

  private static URI checkedHttpUrl(URI uri, String what) throws ImageRejectedException {
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new ImageRejectedException(Reason.INVALID_URL, what + " must be an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ImageRejectedException(Reason.INVALID_URL, what + " must not contain a user name or password");
    }
    // null also for hosts java.net.URI cannot parse as a server name (e.g. with "_")
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ImageRejectedException(Reason.INVALID_URL, what + " has no valid host");
    }
    return uri;
  }

  private List<InetAddress> screenedAddresses(String host) throws ImageRejectedException {
    try {
      return addresses.screen(host, "image host");
    } catch (PublicAddresses.RefusedHostException e) {
      throw new ImageRejectedException(
          e.refusal() == PublicAddresses.Refusal.NON_PUBLIC ? Reason.FORBIDDEN_ADDRESS : Reason.UNREACHABLE,
          e.getMessage());
    }
  }

  private URI redirectTarget(URI from, PinnedHttp exchange) throws ImageRejectedException {
    String location =
        exchange.header("Location")
            .orElseThrow(() -> new ImageRejectedException(Reason.UNREACHABLE, "image host redirected without a Location"));
    try {
      return checkedHttpUrl(from.resolve(new URI(location.trim())), "redirect target");
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ImageRejectedException(Reason.INVALID_URL, "image host redirected to an invalid URL");
    }
  }

  private byte[] readCapped(InputStream body) throws IOException, ImageRejectedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    byte[] buffer = new byte[16 * 1024];
    boolean sniffed = false;
    for (int n; (n = body.read(buffer)) != -1; ) {
      if (bytes.size() + (long) n > policy.maxBytes()) {
        throw tooLarge();
      }
      bytes.write(buffer, 0, n);
      // stop downloading a non-image as soon as its first bytes show it
      if (!sniffed && bytes.size() >= ImageFormat.SNIFF_LENGTH) {
        identify(bytes.toByteArray());
        sniffed = true;
      }
    }
    return bytes.toByteArray();
  }

  private static FetchedImage identified(byte[] bytes) throws ImageRejectedException {
    ImageFormat format = identify(bytes);
    ImageFormat.PixelSize size = format.pixelSize(bytes);
    return new FetchedImage(bytes, format.mediaType(), size.width(), size.height());
  }

  private static ImageFormat identify(byte[] bytes) throws ImageRejectedException {
    return ImageFormat.detect(bytes)
        .orElseThrow(
            () -> new ImageRejectedException(Reason.UNSUPPORTED_TYPE, "image must be JPEG, PNG or WebP"));
  }

  private ImageRejectedException tooLarge() {
    return new ImageRejectedException(
        Reason.TOO_LARGE, "image is larger than the " + policy.maxBytes() + "-byte limit");
  }
}
