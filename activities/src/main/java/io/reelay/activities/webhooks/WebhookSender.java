package io.reelay.activities.webhooks;

import io.reelay.activities.net.Deadline;
import io.reelay.activities.net.PinnedHttp;
import io.reelay.activities.observability.ClientSpans;
import io.reelay.activities.net.PublicAddresses;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs webhooks to customer URLs under the same address rule as image inputs: the host must
 * resolve only to public addresses unless allow-listed ({@code reelay.webhooks.allowed-hosts},
 * {@code allowed-cidrs}), checked on every attempt and connected to exactly as checked, so a DNS
 * answer that changes after the create call cannot aim our POST at an internal service.
 * Redirects are not followed.
 */
@Singleton
public class WebhookSender {

  static final int MAX_URL_LENGTH = 2048;
  private static final int ANSWER_EXCERPT_BYTES = 512;

  private final PublicAddresses addresses;
  private final WebhookPolicy policy;
  private final ClientSpans spans;

  public WebhookSender(WebhookPolicy policy, ClientSpans spans) {
    this.policy = policy;
    this.spans = spans;
    this.addresses = new PublicAddresses(policy.allowedHosts(), policy.allowedCidrs());
  }

  /** A URL we will not call; the message is safe to show to the customer who gave it. */
  public static final class RefusedUrlException extends Exception {
    public RefusedUrlException(String message) {
      super(message);
    }
  }

  /** The receiver's answer: its status, Retry-After if any, and the start of its body. */
  public record Answer(int status, Optional<Duration> retryAfter, String excerpt) {}

  /**
   * Checks a URL as the create call or the endpoint setting receives it: syntax and address. A
   * host that does not resolve (yet) is accepted: DNS may be briefly down, and every attempt
   * checks the address again before it connects.
   */
  public URI check(String url) throws RefusedUrlException {
    URI uri = parse(url);
    try {
      addresses.screen(uri.getHost(), "webhook host");
    } catch (PublicAddresses.RefusedHostException e) {
      if (e.refusal() == PublicAddresses.Refusal.NON_PUBLIC) {
        throw new RefusedUrlException(e.getMessage());
      }
    }
    return uri;
  }

  /**
   * One POST. Throws {@link RefusedUrlException} when the URL breaks the address rule (now), and
   * IOException when the receiver cannot be reached or does not answer in time.
   */
  public Answer post(String url, Map<String, String> headers, byte[] body) throws RefusedUrlException, IOException {
    URI uri = parse(url);
    String host = PublicAddresses.normalizedHost(uri.getHost());
    List<InetAddress> screened;
    try {
      screened = addresses.screen(host, "webhook host");
    } catch (PublicAddresses.RefusedHostException e) {
      if (e.refusal() == PublicAddresses.Refusal.UNRESOLVED) {
        throw new IOException(e.getMessage()); // DNS may answer on a later attempt
      }
      throw new RefusedUrlException(e.getMessage());
    }
    Deadline deadline = Deadline.after(policy.attemptTimeout());
    Map<String, String> allHeaders = new LinkedHashMap<>(headers);
    allHeaders.put("User-Agent", "Reelay-Webhooks/1");
    // no trace context goes to the receiver: it is the customer's, not part of our system
    try (ClientSpans.Call call = spans.start("POST webhook", "POST", uri)) {
      try (PinnedHttp exchange = PinnedHttp.post(uri, screened, allHeaders, body, policy.connectTimeout(), deadline)) {
        call.status(exchange.status());
        // a 2xx needs no body read: the receiver may keep the connection open after it
        boolean success = exchange.status() >= 200 && exchange.status() < 300;
        return new Answer(exchange.status(), retryAfter(exchange), success ? "" : excerpt(exchange));
      } catch (InterruptedIOException e) {
        call.failed(e);
        throw new IOException("no answer within " + policy.attemptTimeout().toSeconds() + " s");
      } catch (IOException e) {
        call.failed(e);
        throw e;
      }
    }
  }

  private static URI parse(String url) throws RefusedUrlException {
    if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
      throw new RefusedUrlException("webhook URL must be an absolute http(s) URL of at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new RefusedUrlException("webhook URL is not a valid URL");
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
        || uri.getHost() == null
        || uri.getHost().isEmpty()) {
      throw new RefusedUrlException("webhook URL must be an absolute http(s) URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new RefusedUrlException("webhook URL must not carry user info; put a token in the path or query");
    }
    if (uri.getRawFragment() != null) {
      throw new RefusedUrlException("webhook URL must not have a #fragment");
    }
    return uri;
  }

  private static Optional<Duration> retryAfter(PinnedHttp exchange) {
    return exchange.header("Retry-After")
        .filter(v -> v.trim().matches("[0-9]{1,7}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())));
  }

  // the start of the answer, to show the customer why an attempt failed; never needed whole
  private static String excerpt(PinnedHttp exchange) {
    try (InputStream body = exchange.body()) {
      byte[] bytes = body.readNBytes(ANSWER_EXCERPT_BYTES);
      return new String(bytes, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
    } catch (IOException e) {
      return "";
    }
  }
}
