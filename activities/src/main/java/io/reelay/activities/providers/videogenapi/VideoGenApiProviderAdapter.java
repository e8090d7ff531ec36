package io.reelay.activities.providers.videogenapi;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of VideoGenAPI (../shared/providers/videogenapi.md): POST /api/v1/generate, then GET
 * /api/v1/status/{generation_id} until completed or failed; the video is fetched from the
 * {@code video_url} of a fresh status read. No callbacks, no client reference (a resubmission
 * after a lost answer makes a second job) and no cancel, so Reelay polls and a cancel only stops
 * our side.
 *
 * <p>Choices where the documentation disagrees with itself or is silent:
 *
 * <ul>
 *   <li>Paths: the tables mix {@code /api/v1/generate}, {@code /v1/generate}, {@code /generate},
 *       {@code /v1/status/{id}}, and {@code status_url} comes back as {@code /v1/status/...}.
 *       Every full URL in the documentation (and its stated base, {@code
 *       https://videogenapi.com/api/v1/}) has {@code /api/v1}, so the configured base URL is the
 *       host root and we append {@code /api/v1/...}; {@code status_url} is not followed.
 *   <li>Errors: only the model rate limit error is shown, {@code {"error", "message", "details":
 *       {..., "seconds_until_reset"}}}; every error is read that way. Statuses are mapped by HTTP
 *       semantics (400, 401, 402, 404, 413 definitive; 408, 429, 5xx retryable), and
 *       {@code seconds_until_reset} becomes the retry hint when there is no Retry-After header.
 *   <li>Statuses: pending and in_queue are queued, in_progress is running ({@code progress} is
 *       read if present; none is documented), completed and failed settle. "processing", which
 *       one example shows, is read as running too. A failed status documents no reason field:
 *       {@code error} and {@code message} are read if present.
 *   <li>{@code aspect_ratio} is documented for text-to-video (and reference images) only, so it is
 *       not sent with {@code image_url}. Reference images go as {@code reference_image_urls}
 *       (1-5). There is no negative prompt parameter: a negative prompt is not sent.
 *   <li>{@code video_url}: the example points into the API itself ({@code /api/v1/video/{id}}), so
 *       the API key goes with the download when the URL is under the configured base URL (same
 *       scheme, host, port and path prefix), and never to any other host (a storage or CDN URL
 *       is presumed signed). A 403 or 410 there means the link went stale: retryable, since the
 *       next attempt reads a fresh one.
 * </ul>
 *
 * <p>Neither the API key nor URLs (signed image links, video links) are logged or put into
 * exception messages, which reach workflow history: URLs in provider error texts are redacted.
 */
@Singleton
@Requires(property = "reelay.providers.videogenapi.enabled", value = "true")
public class VideoGenApiProviderAdapter implements ProviderAdapter {

  private static final Logger log = LoggerFactory.getLogger(VideoGenApiProviderAdapter.class);

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
  private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b(?:https?|data):\\S+");
  private static final int MAX_REFERENCE_IMAGES = 5;

  private final VideoGenApiClient client;
  private final ProviderHttp http;
  private final URI base;

  VideoGenApiProviderAdapter(
      VideoGenApiClient client,
      JsonMapper json,
      @Named("videogenapi") ServiceInstanceList service,
      @Value("${reelay.providers.videogenapi.api-key:}") String apiKey) {
    this.client = client;
    this.base = URI.create(ProviderHttp.baseUrl(service));
    // downloads (with our key only on the API itself) and error classification
    this.http =
        new ProviderHttp(
            "videogenapi",
            json,
            VideoGenApiProviderAdapter::readError,
            base.toString(),
            ProviderHttp.Credentials.bearer(apiKey),
            Duration.ofSeconds(25));
  }

  @Override
  public String name() {
    return "videogenapi";
  }

  @Override
  public String submit(Submission submission) throws ProviderException {
    VideoSpec spec = submission.spec();
    Image firstFrame = submission.firstFrame();
    List<Image> references = submission.references();
    if (references.size() > MAX_REFERENCE_IMAGES) {
      throw ProviderException.refused(
          "TOO_MANY_IMAGES", "videogenapi takes at most " + MAX_REFERENCE_IMAGES + " reference images");
    }
    List<String> referenceUrls = new ArrayList<>();
    for (Image reference : references) {
      referenceUrls.add(url(reference));
    }
    VideoGenApiWire.GenerateRequest request =
        new VideoGenApiWire.GenerateRequest(
            submission.upstreamModel(),
            spec.prompt(),
            spec.durationSeconds(),
            spec.resolution(),
            firstFrame != null ? url(firstFrame) : null,
            firstFrame != null ? null : spec.aspectRatio(),
            referenceUrls.isEmpty() ? null : referenceUrls,
            spec.seed(),
            spec.cameraFixed(),
            spec.audio(),
            spec.audio() && spec.audioPrompt() != null && !spec.audioPrompt().isBlank() ? spec.audioPrompt() : null);
    VideoGenApiWire.Accepted answer = http.call(() -> client.generate(request));
    String id = answer == null ? null : answer.generationId();
    if (id == null || !JOB_ID.matcher(id).matches()) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "videogenapi accepted the job without a usable generation_id");
    }
    return id;
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    VideoGenApiWire.Status status = status(providerJobId);
    String state = String.valueOf(status.status());
    return switch (state) {
      case "pending", "in_queue" -> new JobState(JobState.Phase.QUEUED, 0, null, null);
      case "in_progress", "processing" -> new JobState(JobState.Phase.RUNNING, progress(status), null, null);
      case "completed" -> new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
      case "failed" -> new JobState(JobState.Phase.FAILED, 0, "videogenapi_failed", failureReason(status));
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "videogenapi answered status " + redact(state));
    };
  }

  @Override
  public void cancel(String providerJobId) {
    // VideoGenAPI documents no cancel: the job finishes upstream and is simply not collected
    log.info("videogenapi has no cancel endpoint; generation {} is left to finish upstream", providerJobId);
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    // read the status again: the URL may be short-lived, so it is never kept (nor put in history)
    String url = status(providerJobId).videoUrl();
    if (url == null || url.isBlank()) {
      throw ProviderException.transientFailure("NOT_READY", "videogenapi has no video_url for " + providerJobId);
    }
    URI uri;
    try {
      uri = base.resolve(url.trim());
    } catch (IllegalArgumentException e) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "videogenapi answered a malformed video_url");
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "videogenapi answered a video_url that is not http(s)");
    }
    // a stale link answers as expired (retryable): the next attempt reads a fresh one
    return http.download(uri, onApi(uri));
  }

  /** Whether a URL is on the API itself (so it may see our key) rather than on another host. */
  boolean onApi(URI uri) {
    String basePath = Objects.requireNonNullElse(base.getRawPath(), "");
    String path = Objects.requireNonNullElse(uri.getRawPath(), "");
    return String.valueOf(uri.getScheme()).equalsIgnoreCase(base.getScheme())
        && String.valueOf(uri.getHost()).equalsIgnoreCase(base.getHost())
        && port(uri) == port(base)
        && (basePath.isEmpty() || path.startsWith(basePath + "/"));
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private VideoGenApiWire.Status status(String providerJobId) throws ProviderException {
    if (providerJobId == null || !JOB_ID.matcher(providerJobId).matches()) {
      throw ProviderException.refused("BAD_JOB_ID", "not a VideoGenAPI generation id");
    }
    return http.call(() -> client.status(providerJobId));
  }

  private static String url(Image image) throws ProviderException {
    if (image.url() == null) {
      throw ProviderException.refused("IMAGE_URL_MISSING", "videogenapi needs a URL for every input image");
    }
    return image.url().toString();
  }

  private static int progress(VideoGenApiWire.Status status) {
    return status.progress() == null ? 0 : Math.max(0, Math.min(99, status.progress().intValue()));
  }

  private static String failureReason(VideoGenApiWire.Status status) {
    String error = status.error();
    String message = status.message();
    String reason = error == null ? message : message == null ? error : error + ": " + message;
    return reason == null ? "videogenapi reported the generation failed" : redact(reason);
  }

  /**
   * {@code {"error", "message", "details"}}: the code stays HTTP_<status> (the error field is
   * prose), and a model rate limit's {@code details.seconds_until_reset} is the retry hint when
   * there is no Retry-After header.
   */
  private static ProviderHttp.ErrorBody readError(JsonNode body) {
    String error = ProviderHttp.text(body, "error");
    String message = ProviderHttp.text(body, "message");
    String text = error == null ? message : message == null ? error : error + ": " + message;
    JsonNode details = body.get("details");
    JsonNode reset = details == null ? null : details.get("seconds_until_reset");
    Duration hint =
        reset != null && reset.isNumber() && reset.getLongValue() > 0
            ? Duration.ofSeconds(reset.getLongValue())
            : null;
    return new ProviderHttp.ErrorBody(null, text == null ? null : redact(text), hint);
  }

  private static String redact(String text) {
    return URL_IN_TEXT.matcher(text).replaceAll("[url]");
  }
}
