package io.reelay.activities.providers.vibegen;

import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderException;
import io.reelay.activities.providers.ProviderHttp;
import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import jakarta.inject.Singleton;
import java.net.URI;
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

  private final VibeGenClient client;
  private final ProviderHttp http;

  VibeGenProviderAdapter(VibeGenClient client, JsonMapper json) {
    this.client = client;
    // downloads (from signed URLs, without our key) and error classification
    this.http =
        new ProviderHttp(
            "vibegen",
            json,
            body -> {
              JsonNode error = body.get("error");
              return ProviderHttp.ErrorBody.of(ProviderHttp.text(error, "code"), ProviderHttp.text(error, "message"));
            });
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
    VibeGenWire.GenerationRequest request =
        new VibeGenWire.GenerationRequest(
            submission.upstreamModel(),
            spec.prompt(),
            spec.durationSeconds(),
            spec.aspectRatio(),
            spec.resolution(),
            spec.audio(),
            // VibeGen takes every image (first frame first) as a URL it downloads
            submission.images().isEmpty() ? null : submission.images().stream().map(i -> i.url().toString()).toList(),
            callbackUrl == null ? null : callbackUrl.toString());
    String id = data(http.call(() -> client.generate(request))).id();
    if (id == null || id.isBlank()) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "vibegen accepted the task without an id");
    }
    return id;
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    VibeGenWire.Task task = task(providerJobId);
    String state = String.valueOf(task.status());
    return switch (state) {
      case "pending" -> new JobState(JobState.Phase.QUEUED, 0, null, null);
      case "processing" -> new JobState(JobState.Phase.RUNNING, 50, null, null);
      case "completed" -> new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
      case "failed" ->
          new JobState(
              JobState.Phase.FAILED, 0, "vibegen_failed", task.error() != null ? task.error() : task.errorMessage());
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
    String url = task(providerJobId).videoUrl();
    if (url == null) {
      throw ProviderException.transientFailure("NOT_READY", "vibegen has no video_url for " + providerJobId);
    }
    return http.download(URI.create(url));
  }

  private VibeGenWire.Task task(String providerJobId) throws ProviderException {
    if (!providerJobId.matches("[A-Za-z0-9_.-]{1,200}")) {
      throw ProviderException.refused("BAD_JOB_ID", "not a VibeGen task id");
    }
    return data(http.call(() -> client.task(providerJobId)));
  }

  private static VibeGenWire.Task data(VibeGenWire.Envelope envelope) throws ProviderException {
    if (envelope == null || envelope.data() == null) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "vibegen answered without a data object");
    }
    return envelope.data();
  }
}
