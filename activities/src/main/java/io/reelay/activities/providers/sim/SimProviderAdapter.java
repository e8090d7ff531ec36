package io.reelay.activities.providers.sim;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.PublicUrl;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderException;
import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client of the built-in simulated provider. It goes over real HTTP exactly like an adapter for a
 * commercial API, so the pipeline exercised locally is the one used in production.
 */
@Singleton
public class SimProviderAdapter implements ProviderAdapter {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json;
  private final String baseUrl;
  private final String apiKey;

  public SimProviderAdapter(
      JsonMapper json,
      PublicUrl publicUrl,
      @Value("${reelay.providers.sim.base-url:}") String baseUrl,
      @Value("${reelay.providers.sim.api-key}") String apiKey) {
    this.json = json;
    String base = baseUrl == null || baseUrl.isBlank() ? publicUrl.base() + "/sim" : baseUrl.trim();
    this.baseUrl = base.replaceAll("/+$", "");
    this.apiKey = apiKey;
  }

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public String submit(String clientReference, String model, VideoSpec spec, URI callbackUrl)
      throws ProviderException {
    Map<String, JsonNode> body = new LinkedHashMap<>();
    body.put("model", JsonNode.createStringNode(model));
    body.put("prompt", JsonNode.createStringNode(spec.prompt()));
    if (spec.negativePrompt() != null) {
      body.put("negative_prompt", JsonNode.createStringNode(spec.negativePrompt()));
    }
    body.put("duration_seconds", JsonNode.createNumberNode(spec.durationSeconds()));
    body.put("aspect_ratio", JsonNode.createStringNode(spec.aspectRatio()));
    body.put("resolution", JsonNode.createStringNode(spec.resolution()));
    if (spec.seed() != null) {
      body.put("seed", JsonNode.createNumberNode(spec.seed()));
    }
    body.put("client_reference", JsonNode.createStringNode(clientReference));
    if (callbackUrl != null) {
      body.put("callback_url", JsonNode.createStringNode(callbackUrl.toString()));
    }
    JsonNode answer = send(request("/v1/jobs").POST(jsonBody(JsonNode.createObjectNode(body))));
    return answer.get("id").getStringValue();
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    JsonNode job = send(request("/v1/jobs/" + providerJobId).GET());
    int progress = job.get("progress") == null ? 0 : job.get("progress").getIntValue();
    String status = job.get("status").getStringValue();
    return switch (status) {
      case "queued" -> new JobState(JobState.Phase.QUEUED, progress, null, null);
      case "running" -> new JobState(JobState.Phase.RUNNING, progress, null, null);
      case "succeeded" -> new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
      case "canceled" -> new JobState(JobState.Phase.CANCELED, progress, null, null);
      case "failed" -> {
        JsonNode error = job.get("error");
        yield new JobState(
            JobState.Phase.FAILED,
            progress,
            error == null ? null : text(error, "code"),
            error == null ? null : text(error, "message"));
      }
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "sim answered status " + status);
    };
  }

  @Override
  public void cancel(String providerJobId) throws ProviderException {
    send(request("/v1/jobs/" + providerJobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    HttpRequest request =
        request("/v1/jobs/" + providerJobId + "/video").timeout(Duration.ofMinutes(5)).GET().build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        byte[] error = response.body().readAllBytes();
        throw failure(response.statusCode(), error, response.headers().firstValue("Retry-After").orElse(null));
      }
      return new VideoDownload(
          response.body(),
          response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
          response.headers().firstValueAsLong("Content-Length").orElse(-1));
    } catch (IOException e) {
      throw ProviderException.transientFailure("NETWORK", "sim download failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure("INTERRUPTED", "interrupted");
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json");
  }

  private HttpRequest.BodyPublisher jsonBody(JsonNode node) throws ProviderException {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(node));
    } catch (IOException e) {
      throw ProviderException.refused("ENCODING", e.getMessage());
    }
  }

  private JsonNode send(HttpRequest.Builder builder) throws ProviderException {
    HttpRequest request = builder.header("Content-Type", "application/json").build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw failure(
            response.statusCode(),
            response.body(),
            response.headers().firstValue("Retry-After").orElse(null));
      }
      return json.readValue(response.body(), JsonNode.class);
    } catch (IOException e) {
      throw ProviderException.transientFailure("NETWORK", "sim call failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure("INTERRUPTED", "interrupted");
    }
  }

  /** 429 and 5xx are worth retrying; other 4xx are definitive. */
  private ProviderException failure(int status, byte[] body, String retryAfter) {
    String code = "HTTP_" + status;
    String message = "sim answered " + status;
    try {
      JsonNode error = json.readValue(body, JsonNode.class).get("error");
      if (error != null) {
        code = text(error, "code");
        message = text(error, "message");
      }
    } catch (IOException | RuntimeException ignored) {
      // not JSON: keep the status line
    }
    boolean retryable = status == 429 || status >= 500;
    Duration hint = null;
    if (retryAfter != null && retryAfter.matches("\\d+")) {
      hint = Duration.ofSeconds(Long.parseLong(retryAfter));
    }
    return new ProviderException(retryable, code, message, hint);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.coerceStringValue();
  }
}
