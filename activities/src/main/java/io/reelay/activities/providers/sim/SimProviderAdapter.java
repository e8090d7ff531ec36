package io.reelay.activities.providers.sim;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.discovery.ServiceInstanceList;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderException;
import io.reelay.activities.providers.ProviderHttp;
import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

/**
 * Client of the built-in simulated provider. It goes over real HTTP exactly like an adapter for a
 * commercial API, so the pipeline exercised locally is the one used in production.
 */
@Singleton
// with the simulator off its models are off too (application.yml), and no process calls it
@Requires(property = "reelay.simulator.enabled", value = "true")
public class SimProviderAdapter implements ProviderAdapter {

  private final SimClient client;
  private final ProviderHttp http;

  SimProviderAdapter(
      SimClient client,
      JsonMapper json,
      @Named("sim") ServiceInstanceList service,
      @Value("${reelay.providers.sim.api-key}") String apiKey) {
    this.client = client;
    this.http =
        new ProviderHttp(
            "sim",
            json,
            body -> {
              JsonNode error = body.get("error");
              return ProviderHttp.ErrorBody.of(ProviderHttp.text(error, "code"), ProviderHttp.text(error, "message"));
            },
            // the video download only; the JSON calls go through the client
            ProviderHttp.baseUrl(service),
            ProviderHttp.Credentials.bearer(apiKey),
            Duration.ofSeconds(10));
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
    SimWire.JobRequest request =
        new SimWire.JobRequest(
            submission.upstreamModel(),
            spec.prompt(),
            spec.negativePrompt(),
            spec.durationSeconds(),
            spec.aspectRatio(),
            spec.resolution(),
            spec.seed(),
            submission.clientReference(),
            callbackUrl == null ? null : callbackUrl.toString(),
            // the simulator downloads them, as URL-taking providers do
            submission.images().isEmpty() ? null : submission.images().stream().map(i -> i.url().toString()).toList(),
            spec.cameraFixed());
    return http.call(() -> client.submit(request)).id();
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    SimWire.Job job = http.call(() -> client.job(providerJobId));
    int progress = job.progress() == null ? 0 : job.progress();
    String status = job.status();
    return switch (String.valueOf(status)) {
      case "queued" -> new JobState(JobState.Phase.QUEUED, progress, null, null);
      case "running" -> new JobState(JobState.Phase.RUNNING, progress, null, null);
      case "succeeded" -> new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
      case "canceled" -> new JobState(JobState.Phase.CANCELED, progress, null, null);
      case "failed" -> {
        SimWire.Error error = job.error();
        yield new JobState(
            JobState.Phase.FAILED, progress, error == null ? null : error.code(), error == null ? null : error.message());
      }
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "sim answered status " + status);
    };
  }

  @Override
  public void cancel(String providerJobId) throws ProviderException {
    http.call(() -> client.cancel(providerJobId));
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    return http.downloadFromApi("/v1/jobs/" + providerJobId + "/video");
  }
}
