package io.reelay.activities.providers.vinci;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.json.JsonMapper;
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
 * Client of the Vinci API (../shared/providers/vinci.md): POST
 * /api/v1/generate/text-to-video (JSON) or /api/v1/generate/image-to-video (multipart), then GET /api/v1/status/{request_id} until completed or
 * failed; the video is fetched from the signed {@code video_url} the status carries. Vinci has
 * no callbacks, no client reference and no cancel, so Reelay polls it, and a cancel only stops
 * our side. Errors come as {"detail": "..."}.
 */
@Singleton
@Requires(property = "reelay.providers.vinci.enabled", value = "true")
public class VinciProviderAdapter implements ProviderAdapter {

  private static final Logger log = LoggerFactory.getLogger(VinciProviderAdapter.class);

  private final VinciClient client;
  private final ProviderHttp http;

  VinciProviderAdapter(VinciClient client, JsonMapper json) {
    this.client = client;
    // downloads (from signed URLs, without our key) and error classification
    this.http = new ProviderHttp("vinci", json, body -> ProviderHttp.ErrorBody.of(null, ProviderHttp.text(body, "detail")));
  }

  @Override
  public String name() {
    return "vinci";
  }

  @Override
  public String submit(Submission submission) throws ProviderException {
    VideoSpec spec = submission.spec();
    VinciWire.Accepted answer =
        submission.firstFrame() != null ? submitImage(submission) : submitText(spec);
    String id = answer == null ? null : answer.requestId();
    if (id == null || id.isBlank()) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "vinci accepted the job without a request_id");
    }
    return id;
  }

  private VinciWire.Accepted submitText(VideoSpec spec) throws ProviderException {
    VinciWire.TextToVideo request =
        new VinciWire.TextToVideo(spec.prompt(), spec.durationSeconds(), spec.aspectRatio(), spec.seed());
    return http.call(() -> client.textToVideo(request));
  }

  /** Image-to-video is a multipart upload of the image; Vinci takes JPEG and PNG only. */
  private VinciWire.Accepted submitImage(Submission submission) throws ProviderException {
    Image image = submission.firstFrame();
    if (!image.contentType().equals("image/jpeg") && !image.contentType().equals("image/png")) {
      throw ProviderException.refused("UNSUPPORTED_IMAGE", "vinci takes JPEG or PNG images, not " + image.contentType());
    }
    MultipartBody form =
        MultipartBody.builder()
            .addPart("prompt", submission.spec().prompt())
            .addPart("duration_seconds", String.valueOf(submission.spec().durationSeconds()))
            .addPart("image", image.fileName(), MediaType.of(image.contentType()), image.bytes())
            .build();
    return http.call(() -> client.imageToVideo(form));
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    VinciWire.Status status = status(providerJobId);
    String state = String.valueOf(status.status());
    int progress = status.progress() == null ? 0 : Math.max(0, Math.min(100, status.progress().intValue()));
    return switch (state) {
      case "pending" -> new JobState(JobState.Phase.QUEUED, 0, null, null);
      case "processing" -> new JobState(JobState.Phase.RUNNING, progress, null, null);
      case "completed" -> new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
      case "failed" -> new JobState(JobState.Phase.FAILED, progress, "vinci_failed", status.error());
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "vinci answered status " + state);
    };
  }

  @Override
  public void cancel(String providerJobId) {
    // Vinci's API has no cancel: the job finishes upstream and is simply not collected
    log.info("vinci has no cancel endpoint; job {} is left to finish upstream", providerJobId);
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    // ask for the status again: the signed URL is never kept (nor put into workflow history)
    String url = status(providerJobId).videoUrl();
    if (url == null) {
      throw ProviderException.transientFailure("NOT_READY", "vinci has no video_url for " + providerJobId);
    }
    // no Authorization header: the URL is signed, and our key must not go to a storage host
    return http.download(URI.create(url));
  }

  private VinciWire.Status status(String providerJobId) throws ProviderException {
    if (!providerJobId.matches("[A-Za-z0-9_.-]{1,200}")) {
      throw ProviderException.refused("BAD_JOB_ID", "not a Vinci request id");
    }
    return http.call(() -> client.status(providerJobId));
  }
}
