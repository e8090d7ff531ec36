package io.reelay.activities.providers;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP plumbing every adapter shares: JSON bodies, one mapping of status codes onto
 * retryable or definitive {@link ProviderException}s, and retry hints (Retry-After, or "try
 * again in N seconds" in the body). Each provider says how to read its error bodies.
 */
public final class ProviderHttp {

  private static final Pattern SECONDS_IN_TEXT = Pattern.compile("\\b(\\d{1,5})\\s*seconds?\\b");

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
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public ProviderHttp(String provider, JsonMapper json, ErrorReader errors) {
    this.provider = provider;
    this.json = json;
    this.errors = errors;
  }

  public HttpRequest.BodyPublisher jsonBody(Map<String, JsonNode> fields) throws ProviderException {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(JsonNode.createObjectNode(fields)));
    } catch (IOException e) {
      throw ProviderException.refused("ENCODING", e.getMessage());
    }
  }

  /** A multipart/form-data body and the Content-Type (with its boundary) to send it with. */
  public record Multipart(String contentType, HttpRequest.BodyPublisher body) {}

  /** Text fields, then one file part. */
  public static Multipart multipart(
      Map<String, String> fields, String fileField, String fileName, String fileType, byte[] file) {
    String boundary = "reelay-" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(file.length + 1024);
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    fields.forEach(
        (name, value) ->
            out.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                        + value + "\r\n")
                    .getBytes(utf8)));
    out.writeBytes(
        ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + fileType + "\r\n\r\n")
            .getBytes(utf8));
    out.writeBytes(file);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
    return new Multipart(
        "multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
  }

  /** Sends a request and answers its JSON body, or the provider's error as an exception. */
  public JsonNode call(HttpRequest request) throws ProviderException {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw failure(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
      }
      return json.readValue(response.body(), JsonNode.class);
    } catch (IOException e) {
      // no response at all: the provider may or may not have acted; transient by nature
      throw ProviderException.transientFailure("NETWORK", provider + " unreachable: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure("INTERRUPTED", "interrupted");
    }
  }

  /** What a storage host answers for a signed URL past its expiry. */
  private static final java.util.Set<Integer> EXPIRED_URL = java.util.Set.of(401, 403, 404, 410);

  /**
   * Opens a streamed body (a video) from a signed result URL. The caller closes it. An answer
   * that means "expired" (401, 403, 404, 410) is retryable: adapters fetch the URL anew from the
   * job's status on every attempt.
   */
  public ProviderAdapter.VideoDownload download(HttpRequest request) throws ProviderException {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        byte[] body;
        try (InputStream in = response.body()) {
          body = in.readNBytes(64 * 1024);
        }
        if (EXPIRED_URL.contains(response.statusCode())) {
          // signed result URLs expire; the next attempt asks the provider for a fresh one
          throw new ProviderException(
              true,
              "RESULT_URL_EXPIRED",
              provider + " result URL answered " + response.statusCode(),
              null,
              response.statusCode());
        }
        throw failure(response.statusCode(), body, response.headers().firstValue("Retry-After").orElse(null));
      }
      return new ProviderAdapter.VideoDownload(
          response.body(),
          response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
          response.headers().firstValueAsLong("Content-Length").orElse(-1));
    } catch (IOException e) {
      throw ProviderException.transientFailure("NETWORK", provider + " download failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure("INTERRUPTED", "interrupted");
    }
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
