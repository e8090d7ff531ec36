package io.reelay.activities.providers;

import io.micronaut.core.type.Argument;
import io.micronaut.discovery.ServiceInstanceList;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP plumbing every adapter shares: typed JSON bodies, the provider's credentials on every
 * call to its API (never on a download from a storage host), one mapping of status codes onto
 * retryable or definitive {@link ProviderException}s, and retry hints (Retry-After, or "try again
 * in N seconds" in the body). Each provider says how to read its error bodies.
 *
 * <p>JSON and multipart calls go through each provider's declarative {@code @Client} (its
 * package's {@code <Provider>Client}, configured under {@code micronaut.http.services.<provider>},
 * its key added by an auth client filter) and come here through {@link #call}. Streamed answers go
 * over Apache HttpClient 5 (see {@link #streamingClient}).
 */
public final class ProviderHttp {

  private static final Pattern SECONDS_IN_TEXT = Pattern.compile("\\b(\\d{1,5})\\s*seconds?\\b");
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

  /**
   * What a provider's error body says: its code, its message and when to try again (any may be
   * null; the status line and a Retry-After header fill in).
   */
  public record ErrorBody(String code, String message, Duration retryAfter) {

    public static ErrorBody of(String code, String message) {
      return new ErrorBody(code, message, null);
    }
  }

  /** Reads a provider's error body. */
  @FunctionalInterface
  public interface ErrorReader {
    ErrorBody read(JsonNode body);
  }

  private final String provider;
  private final JsonMapper json;
  private final ErrorReader errors;
  private final String baseUrl;
  private final Credentials credentials;
  private final CloseableHttpClient streams;
  private final CloseableHttpClient downloads;

  /**
   * The header that carries a provider's key. Its toString hides the value, so the key never
   * reaches a log line or an exception message.
   */
  public record Credentials(String header, String value) {

    public static Credentials bearer(String apiKey) {
      return new Credentials("Authorization", "Bearer " + apiKey);
    }

    static Credentials none() {
      return new Credentials(null, null);
    }

    /** Adds the header to a request for the provider's API (its client filter calls this). */
    public void addTo(MutableHttpRequest<?> request) {
      if (header != null) {
        request.header(header, value);
      }
    }

    void addTo(HttpUriRequestBase request) {
      if (header != null) {
        request.setHeader(header, value);
      }
    }

    @Override
    public String toString() {
      return "Credentials[" + header + ": ***]";
    }
  }

  /** For downloads and error classification only: no API to call. */
  public ProviderHttp(String provider, JsonMapper json, ErrorReader errors) {
    this(provider, json, errors, null, Credentials.none(), Duration.ofSeconds(30));
  }

  /**
   * @param baseUrl     the provider's API, without a trailing slash
   * @param credentials adds the provider's credentials to a request to its API
   * @param readTimeout how long one streamed API call may wait for its answer
   */
  public ProviderHttp(
      String provider,
      JsonMapper json,
      ErrorReader errors,
      String baseUrl,
      Credentials credentials,
      Duration readTimeout) {
    this.provider = provider;
    this.json = json;
    this.errors = errors;
    this.baseUrl = baseUrl;
    this.credentials = credentials;
    this.streams = streamingClient(readTimeout);
    this.downloads = streamingClient(DOWNLOAD_TIMEOUT);
  }

  /**
   * Streamed answers (videos, and Venice's retrieve, which may be one) go over Apache HttpClient
   * 5: closing one unread must drop the connection, and Micronaut's client (4.10) drains the rest
   * of an answer whose body is closed unread (a poll of a finished Venice job pulled its whole
   * 128 MiB test video).
   */
  private static CloseableHttpClient streamingClient(Duration readTimeout) {
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        .build())
                .setMaxConnPerRoute(50)
                .setMaxConnTotal(200)
                .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableContentCompression()
        .build();
  }

  private String url(String path) {
    if (baseUrl == null) {
      throw new IllegalStateException(provider + " has no API base URL");
    }
    return baseUrl + path;
  }

  /** One call of a provider's declarative client. */
  @FunctionalInterface
  public interface ApiCall<T> {
    HttpResponse<T> send();
  }

  /**
   * Makes one call of a provider's declarative {@code @Client} and answers its JSON body, or the
   * provider's error as an exception (the one classification, {@link #failure}). The client's
   * methods answer {@code HttpResponse}: for any other return type a declarative client turns a
   * 404 into null instead of an error.
   */
  public <T> T call(ApiCall<T> call) throws ProviderException {
    HttpResponse<T> response;
    try {
      response = call.send();
    } catch (HttpClientResponseException e) {
      if (e.code() / 100 == 2) {
        throw notJson(); // a 2xx whose body did not decode
      }
      throw failure(e.getResponse());
    } catch (HttpClientException e) {
      // no response at all: the provider may or may not have acted; transient by nature
      throw ProviderException.transientFailure("NETWORK", provider + " unreachable: " + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      throw notJson(); // a body no codec reads (not JSON)
    }
    if (response.code() / 100 != 2) {
      throw failure(response); // the 404 a declarative client answers rather than throws
    }
    return response.getBody().orElseThrow(this::notJson);
  }

  private ProviderException failure(HttpResponse<?> response) {
    return failure(
        response.code(), response.getBody(byte[].class).orElse(new byte[0]), response.getHeaders().get("Retry-After"));
  }

  private ProviderException notJson() {
    return ProviderException.transientFailure("BAD_RESPONSE", provider + " answered a body that is not the expected JSON");
  }

  /**
   * The base URL a provider's declarative client calls, for the calls that go over Apache
   * HttpClient 5 instead: the service's host and its context path, as the client resolves them
   * (a path in the service URL itself is replaced by a request's absolute path).
   */
  public static String baseUrl(ServiceInstanceList service) {
    URI uri = service.getInstances().get(0).getURI();
    return (uri.getScheme() + "://" + uri.getRawAuthority() + service.getContextPath().orElse("")).replaceAll("/+$", "");
  }

  /** What a storage host answers for a signed URL past its expiry. */
  private static final Set<Integer> EXPIRED_URL = Set.of(401, 403, 404, 410);

  /**
   * Opens a streamed body (a video) from a signed result URL, without credentials: the URL is
   * signed, and our key must not go to a storage host. The caller closes it. An answer that
   * means "expired" (401, 403, 404, 410) is retryable: adapters fetch the URL anew from the
   * job's status on every attempt.
   */
  public ProviderAdapter.VideoDownload download(URI url) throws ProviderException {
    return download(url, false);
  }

  /** Opens a streamed body (a video) from a path of the provider's API, with its credentials. */
  public ProviderAdapter.VideoDownload downloadFromApi(String path) throws ProviderException {
    return download(URI.create(url(path)), true);
  }

  /**
   * Opens a streamed body (a video); {@code withCredentials} only for URLs on the provider's own
   * API, never for another host.
   */
  public ProviderAdapter.VideoDownload download(URI url, boolean withCredentials) throws ProviderException {
    HttpGet request = new HttpGet(url);
    if (withCredentials) {
      credentials.addTo(request);
    }
    return open(request, downloads, true);
  }

  /**
   * POSTs {@code body} as JSON to the provider's API and answers once the headers are read, the
   * body not yet (a status in JSON or the video itself, by its Content-Type). The caller closes
   * it; closing it unread drops the connection instead of draining it. Non-2xx answers are the
   * provider's error as an exception.
   *
   * @param longRead whether the body may be a whole video (the download timeout applies)
   */
  public ProviderAdapter.VideoDownload postStreamed(String path, Object body, String accept, boolean longRead)
      throws ProviderException {
    HttpPost request = new HttpPost(url(path));
    try {
      request.setEntity(new ByteArrayEntity(json.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
    } catch (IOException e) {
      throw ProviderException.refused("ENCODING", e.getMessage());
    }
    credentials.addTo(request);
    request.setHeader("Accept", accept);
    return open(request, longRead ? downloads : streams, false);
  }

  /** Reads a JSON body (at most 64 KiB) as {@code type}. */
  public <T> T readJson(byte[] body, Class<T> type) throws ProviderException {
    try {
      return json.readValue(body, Argument.of(type));
    } catch (IOException | RuntimeException e) {
      throw notJson();
    }
  }

  private ProviderAdapter.VideoDownload open(HttpUriRequestBase request, CloseableHttpClient client, boolean resultUrl)
      throws ProviderException {
    ClassicHttpResponse response;
    try {
      response = client.executeOpen(null, request, null);
    } catch (IOException e) {
      throw ProviderException.transientFailure("NETWORK", provider + " download failed: " + e.getClass().getSimpleName());
    }
    HttpEntity entity = response.getEntity();
    boolean ok = resultUrl ? response.getCode() == 200 : response.getCode() / 100 == 2;
    if (!ok) {
      byte[] error = new byte[0];
      try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
        error = in.readNBytes(64 * 1024);
      } catch (IOException e) {
        // the status line is enough
      } finally {
        drop(request, response);
      }
      Header retryAfter = response.getFirstHeader("Retry-After");
      throw openFailure(response.getCode(), error, retryAfter == null ? null : retryAfter.getValue(), resultUrl);
    }
    InputStream body;
    try {
      body = entity == null ? InputStream.nullInputStream() : entity.getContent();
    } catch (IOException e) {
      drop(request, response);
      throw ProviderException.transientFailure("NETWORK", provider + " download failed: " + e.getClass().getSimpleName());
    }
    Header contentType = response.getFirstHeader("Content-Type");
    return new ProviderAdapter.VideoDownload(
        new FilterInputStream(body) {
          @Override
          public void close() {
            drop(request, response);
          }
        },
        contentType == null ? "application/octet-stream" : contentType.getValue(),
        entity == null ? -1 : entity.getContentLength());
  }

  /** Ends an exchange without reading the rest: the connection is closed, not drained. */
  private static void drop(HttpUriRequestBase request, ClassicHttpResponse response) {
    request.cancel();
    try {
      response.close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }

  private ProviderException openFailure(int status, byte[] body, String retryAfterHeader, boolean resultUrl) {
    if (resultUrl && EXPIRED_URL.contains(status)) {
      // signed result URLs expire; the next attempt asks the provider for a fresh one
      return new ProviderException(true, "RESULT_URL_EXPIRED", provider + " result URL answered " + status, null, status);
    }
    return failure(status, body, retryAfterHeader);
  }

  /** 408, 429 and 5xx are worth retrying; other statuses are definitive. */
  public ProviderException failure(int status, byte[] body, String retryAfterHeader) {
    String code = "HTTP_" + status;
    String message = provider + " answered " + status;
    Duration bodyHint = null;
    try {
      ErrorBody read = errors.read(json.readValue(body, JsonNode.class));
      if (read.code() != null) {
        code = read.code();
      }
      if (read.message() != null) {
        message = read.message();
      }
      bodyHint = read.retryAfter();
    } catch (IOException | RuntimeException notJson) {
      // keep the status line
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    Duration hint = retryAfter(retryAfterHeader, bodyHint == null ? message : null);
    return new ProviderException(retryable, code, message, hint != null ? hint : bodyHint, status);
  }

  /** Retry-After in seconds, else a "try again in N seconds" in the message, else none. */
  static Duration retryAfter(String header, String message) {
    if (header != null && header.trim().matches("\\d{1,6}")) {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    }
    if (message != null) {
      Matcher m = SECONDS_IN_TEXT.matcher(message);
      if (m.find()) {
        return Duration.ofSeconds(Long.parseLong(m.group(1)));
      }
    }
    return null;
  }

  /** Text of a JSON field, or null. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.coerceStringValue();
  }
}
