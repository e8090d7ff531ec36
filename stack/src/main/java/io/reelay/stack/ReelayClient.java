package io.reelay.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Reelay's HTTP API as the harness calls it: JSON in, JSON (or bytes) out, a bearer token. */
public final class ReelayClient {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  public ReelayClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
    return http.send(request(path, bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String path, String bearer) throws IOException, InterruptedException {
    return http.send(
        request(path, bearer).timeout(Duration.ofSeconds(120)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POSTs {@code body} as JSON (none when null), with extra headers such as Idempotency-Key. */
  public HttpResponse<String> post(String path, String bearer, Object body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        request(path, bearer)
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
    }
  }

  private HttpRequest.Builder request(String path, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return request;
  }
}
