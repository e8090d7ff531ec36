package io.reelay.activities.providers.sim;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.PublicUrl;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderException;
import io.reelay.activities.providers.ProviderHttp;
import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client of the built-in simulated provider. It goes over real HTTP exactly like an adapter for a
 * commercial API, so the pipeline exercised locally is the one used in production.
 */
@Singleton
// with the simulator off its models are off too (application.yml), and no process calls it
@Requires(property = "reelay.simulator.enabled", value = "true")
public class SimProviderAdapter implements ProviderAdapter {

  private final ProviderHttp http;
  private final String baseUrl;
  private final String apiKey;

  public SimProviderAdapter(
      JsonMapper json,
      PublicUrl publicUrl,
      @Value("${reelay.providers.sim.base-url:}") String baseUrl,
      @Value("${reelay.providers.sim.api-key}") String apiKey) {
    this.http =
        new ProviderHttp(
            "sim",
            json,
            body -> {
              JsonNode error = body.get("error");
              return ProviderHttp.ErrorBody.of(ProviderHttp.text(error, "code"), ProviderHttp.text(error, "message"));
            });
    this.baseUrl = publicUrl.orOwn(baseUrl, "/sim");
    this.apiKey = apiKey;
  }

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public boolean supportsCallbacks() {
    return true;
  }

  @Override
  public String submit(Submission submission) throws ProviderException {
    VideoSpec spec = submission.spec();
    URI callbackUrl = submission.callbackUrl();
    Map<String, JsonNode> body = new LinkedHashMap<>();
    body.put("model", JsonNode.createStringNode(submission.upstreamModel()));
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
    body.put("client_reference", JsonNode.createStringNode(submission.clientReference()));
    if (callbackUrl != null) {
      body.put("callback_url", JsonNode.createStringNode(callbackUrl.toString()));
    }
    if (!submission.images().isEmpty()) {
      // the simulator downloads them, as URL-taking providers do
      body.put(
          "image_urls",
          JsonNode.createArrayNode(
              submission.images().stream().map(i -> JsonNode.createStringNode(i.url().toString())).toList()));
    }
    if (spec.cameraFixed() != null) {
      body.put("camera_fixed", JsonNode.createBooleanNode(spec.cameraFixed()));
    }
    JsonNode answer =
        http.call(
            request("/v1/jobs").header("Content-Type", "application/json").POST(http.jsonBody(body)).build());
    return answer.get("id").getStringValue();
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    JsonNode job = http.call(request("/v1/jobs/" + providerJobId).GET().build());
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
            ProviderHttp.text(error, "code"),
            ProviderHttp.text(error, "message"));
      }
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "sim answered status " + status);
    };
  }

  @Override
  public void cancel(String providerJobId) throws ProviderException {
    http.call(request("/v1/jobs/" + providerJobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    return http.download(
        request("/v1/jobs/" + providerJobId + "/video").timeout(Duration.ofMinutes(5)).GET().build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json");
  }
}
