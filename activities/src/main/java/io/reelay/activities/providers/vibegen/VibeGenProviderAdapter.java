package io.reelay.activities.providers.vibegen;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the VibeGen API (../shared/providers/vibegen.md): POST /api/v1/generations with our
 * callback_url, GET /api/v1/tasks/{id}; answers wrapped in {"success", "data"}, errors as
 * {"error": {"code", "message"}}. Its callbacks (task.completed / task.failed) are unsigned, so
 * they only make us poll at once. The API has no cancel.
 */
@Singleton
@Requires(property = "reelay.providers.vibegen.enabled", value = "true")
public class VibeGenProviderAdapter implements ProviderAdapter {

  private static final Logger log = LoggerFactory.getLogger(VibeGenProviderAdapter.class);

  private final ProviderHttp http;
  private final String baseUrl;
  private final String apiKey;

  public VibeGenProviderAdapter(
      JsonMapper json,
      PublicUrl publicUrl,
      @Value("${reelay.providers.vibegen.base-url:}") String baseUrl,
      @Value("${reelay.providers.vibegen.api-key:}") String apiKey) {
    this.http =
        new ProviderHttp(
            "vibegen",
            json,
            body -> {
              JsonNode error = body.get("error");
              return ProviderHttp.ErrorBody.of(ProviderHttp.text(error, "code"), ProviderHttp.text(error, "message"));
            });
    this.baseUrl = publicUrl.orOwn(baseUrl, "/emulators/vibegen");
    this.apiKey = apiKey;
  }

  @Override
  public String name() {
    return "vibegen";
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
    body.put("duration", JsonNode.createNumberNode(spec.durationSeconds()));
    body.put("aspect_ratio", JsonNode.createStringNode(spec.aspectRatio()));
    body.put("resolution", JsonNode.createStringNode(spec.resolution()));
    body.put("generate_audio", JsonNode.createBooleanNode(spec.audio()));
    if (!submission.images().isEmpty()) {
      // VibeGen takes every image (first frame first) as a URL it downloads
      body.put(
          "image_urls",
          JsonNode.createArrayNode(
              submission.images().stream().map(i -> JsonNode.createStringNode(i.url().toString())).toList()));
    }
    if (callbackUrl != null) {
      body.put("callback_url", JsonNode.createStringNode(callbackUrl.toString()));
    }
    JsonNode answer =
        http.call(
            request("/api/v1/generations")
                .header("Content-Type", "application/json")
                .POST(http.jsonBody(body))
                .build());
    String id = ProviderHttp.text(data(answer), "id");
    if (id == null || id.isBlank()) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "vibegen accepted the task without an id");
    }
    return id;
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    JsonNode task = task(providerJobId);
    String state = String.valueOf(ProviderHttp.text(task, "status"));
    return switch (state) {
      case "pending" -> new JobState(JobState.Phase.QUEUED, 0, null, null);
      case "processing" -> new JobState(JobState.Phase.RUNNING, 50, null, null);
      case "completed" -> new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
      case "failed" -> {
        String error = ProviderHttp.text(task, "error");
        yield new JobState(
            JobState.Phase.FAILED, 0, "vibegen_failed", error != null ? error : ProviderHttp.text(task, "error_message"));
      }
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "vibegen answered status " + state);
    };
  }

  @Override
  public void cancel(String providerJobId) {
    // VibeGen documents no cancel: the task finishes upstream and is simply not collected
    log.info("vibegen has no cancel endpoint; task {} is left to finish upstream", providerJobId);
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    String url = ProviderHttp.text(task(providerJobId), "video_url");
    if (url == null) {
      throw ProviderException.transientFailure("NOT_READY", "vibegen has no video_url for " + providerJobId);
    }
    return http.download(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build());
  }

  private JsonNode task(String providerJobId) throws ProviderException {
    if (!providerJobId.matches("[A-Za-z0-9_.-]{1,200}")) {
      throw ProviderException.refused("BAD_JOB_ID", "not a VibeGen task id");
    }
    return data(http.call(request("/api/v1/tasks/" + providerJobId).GET().build()));
  }

  private static JsonNode data(JsonNode envelope) throws ProviderException {
    JsonNode data = envelope.get("data");
    if (data == null || !data.isObject()) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "vibegen answered without a data object");
    }
    return data;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json");
  }
}
