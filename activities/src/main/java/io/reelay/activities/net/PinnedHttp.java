package io.reelay.activities.net;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One HTTP/1.1 exchange with a host whose addresses were screened a moment before, over Apache
 * HttpClient 5 with a {@link DnsResolver} that answers only those addresses: the host name is
 * never resolved again, so a DNS answer that changes between our check and the connect (DNS
 * rebinding) cannot reach an address we never checked. TLS still concerns the URL's host name
 * (SNI, certificate validation). No redirects, retries, cookies, proxies or compression: the
 * callers decide what a redirect means. The whole exchange ends by the {@link Deadline}: every
 * connect and read is bounded by what is left of it, and the exchange is aborted when it passes,
 * however slowly the bytes trickle in.
 *
 * <p>Micronaut's HTTP client (4.10) was tried first: its Netty resolver can only be set through a
 * package-private builder method or an internal 20-argument constructor.
 */
public final class PinnedHttp implements Closeable {

  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pinned-http-deadlines");
            t.setDaemon(true);
            return t;
          });

  private final CloseableHttpClient client;
  private final HttpUriRequestBase request;
  private final ClassicHttpResponse response;
  private final ScheduledFuture<?> abortAtDeadline;
  private final Deadline deadline;

  private PinnedHttp(
      CloseableHttpClient client,
      HttpUriRequestBase request,
      ClassicHttpResponse response,
      ScheduledFuture<?> abort,
      Deadline deadline) {
    this.client = client;
    this.request = request;
    this.response = response;
    this.abortAtDeadline = abort;
    this.deadline = deadline;
  }

  private static SocketTimeoutException timedOut() {
    return new SocketTimeoutException("deadline passed");
  }

  /** A GET of {@code uri}, connecting only to {@code addresses}. */
  public static PinnedHttp get(
      URI uri, List<InetAddress> addresses, Map<String, String> headers, Duration connectTimeout, Deadline deadline)
      throws IOException {
    return send(new HttpGet(ascii(uri)), uri.getHost(), addresses, headers, null, connectTimeout, deadline);
  }

  /** A POST of {@code body} to {@code uri}, connecting only to {@code addresses}. */
  public static PinnedHttp post(
      URI uri,
      List<InetAddress> addresses,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      Deadline deadline)
      throws IOException {
    return send(new HttpPost(ascii(uri)), uri.getHost(), addresses, headers, body, connectTimeout, deadline);
  }

  private static PinnedHttp send(
      HttpUriRequestBase request,
      String host,
      List<InetAddress> addresses,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      Deadline deadline)
      throws IOException {
    String pinnedHost = PublicAddresses.normalizedHost(host);
    InetAddress[] pinned = addresses.toArray(InetAddress[]::new);
    DnsResolver onlyScreened =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            if (!PublicAddresses.normalizedHost(host).equals(pinnedHost)) {
              throw new UnknownHostException(host + " was not screened");
            }
            return pinned.clone();
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    Timeout left = Timeout.ofMilliseconds(deadline.remainingMillis());
    ConnectionConfig connections =
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(Math.min(connectTimeout.toMillis(), left.toMilliseconds())))
            .setSocketTimeout(left)
            .build();
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(onlyScreened)
                    .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                    .setDefaultConnectionConfig(connections)
                    .setMaxConnTotal(1)
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(left).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .build();
    headers.forEach(request::setHeader);
    request.setHeader("Accept-Encoding", "identity");
    request.setHeader("Connection", "close");
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, null));
    }
    // a moment past the deadline, so that whoever sees the abort also sees the deadline passed
    ScheduledFuture<?> abort =
        DEADLINES.schedule(request::cancel, deadline.remainingMillis() + 1, TimeUnit.MILLISECONDS);
    try {
      return new PinnedHttp(client, request, client.executeOpen(null, request, null), abort, deadline);
    } catch (IOException e) {
      abort.cancel(false);
      client.close();
      throw deadline.passed() ? timedOut() : e;
    } catch (RuntimeException e) {
      abort.cancel(false);
      client.close();
      throw e;
    }
  }

  // the request line carries the path and query with non-ASCII characters percent-encoded
  private static URI ascii(URI uri) {
    return URI.create(uri.toASCIIString());
  }

  public int status() {
    return response.getCode();
  }

  /** The first value of a header, if the answer has it. */
  public Optional<String> header(String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? Optional.empty() : Optional.of(header.getValue());
  }

  /** Content-Length, when the answer declares one (and is not chunked). */
  public OptionalLong declaredLength() {
    HttpEntity entity = response.getEntity();
    return entity == null || entity.getContentLength() < 0
        ? OptionalLong.empty()
        : OptionalLong.of(entity.getContentLength());
  }

  /**
   * The answer's body, de-chunked; empty when it has none. A read cut off by the deadline ends
   * in a {@link SocketTimeoutException}.
   */
  public InputStream body() throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return InputStream.nullInputStream();
    }
    return new FilterInputStream(entity.getContent()) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (deadline.passed()) {
          throw timedOut(); // bytes trickling in one by one never trip a socket timeout
        }
        try {
          return super.read(buffer, offset, length);
        } catch (IOException e) {
          throw deadline.passed() ? timedOut() : e;
        }
      }
    };
  }

  /**
   * Ends the exchange without reading the rest of the body: the connection is dropped, so a
   * huge or endless answer costs nothing more.
   */
  @Override
  public void close() {
    abortAtDeadline.cancel(false);
    request.cancel();
    // the answer is already in hand: failing to release a dropped connection changes nothing
    try (CloseableHttpClient closing = client) {
      response.close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }
}
