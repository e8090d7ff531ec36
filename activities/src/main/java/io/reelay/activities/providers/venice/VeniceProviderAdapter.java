package io.reelay.activities.providers.venice;

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
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of Venice's asynchronous video API (shared/providers/venice.md): POST
 * /api/v1/video/queue answers a queueid; POST /api/v1/video/retrieve with the model and the
 * queueid answers JSON while the job runs and the MP4 itself once it is done; POST
 * /api/v1/video/complete deletes the video upstream. All bodies are JSON.
 *
 * <p>Choices where the documentation is silent or loose:
 *
 * <ul>
 *   <li>No quote before queue, although the documentation recommends one: what the customer pays
 *       comes from our catalog, the quote changes nothing we do, and it would be one more call
 *       that can fail before every submission. {@link #quote} is there for operators who want to
 *       compare prices.
 *   <li>Retrieve needs the model as well as the queueid, so the provider job id is {@code
 *       <model>|<queueid>} ({@link VeniceJobId}); nothing in it is secret.
 *   <li>Poll never reads a finished video: a {@code video/*} answer means SUCCEEDED and its body
 *       is abandoned (the connection is closed), so every poll of a done job does not pull the
 *       whole file. Download retrieves again and streams it. We never ask for {@code
 *       delete_media_on_completion} (we send false): the video must stay upstream until it is in
 *       our store, and {@link #discardResult} deletes it then; a 404 there means already gone.
 *   <li>JSON statuses: "queued"/"pending" are QUEUED; "processing" is RUNNING, with progress
 *       from executionDuration/estimatedDuration (kept within 1–99); "failed"/"error" are FAILED
 *       with the answer's {@code error}; anything else is a transient surprise. The documented
 *       "500 Generation failed" is treated as retryable, like every 5xx: a job that keeps failing
 *       that way ends at our deadline rather than on one bad answer.
 *   <li>Errors are read as {@code {"error": "..."}} (or {@code {"error": {"message"}}}); the code
 *       is {@code HTTP_<status>}. 400, 401, 402, 404 and 413 are definitive; 408, 429 and 5xx are
 *       retryable, with Retry-After or a "N seconds" in the message as the hint.
 *   <li>Durations are only "5s" and "10s"; anything else is refused before a request is sent.
 *       The first frame goes as a base64 data URI in {@code image_url} (never our signed URL, whose
 *       token should not leave us); reference images, audio prompts and camera hints have no
 *       Venice field and are not sent.
 *   <li>Venice has no cancel and no client reference: a cancel only stops our side (the job
 *       finishes upstream), and a queue retried after a lost answer may queue a second job.
 * </ul>
 *
 * <p>Neither the API key nor image data is ever logged or put into an exception message.
 */
@Singleton
@Requires(property = "reelay.providers.venice.enabled", value = "true")
public class VeniceProviderAdapter implements ProviderAdapter {

  private static final Logger log = LoggerFactory.getLogger(VeniceProviderAdapter.class);

  private static final int MAX_JSON_BYTES = 64 * 1024;
  private static final int MAX_MESSAGE_CHARS = 500;

  /** A price Venice quoted. */
  public record Quote(BigDecimal amount, String currency) {}

  private final VeniceClient client;
  private final ProviderHttp http;
  private final JsonMapper json;

  VeniceProviderAdapter(
      VeniceClient client,
      JsonMapper json,
      @Named("venice") ServiceInstanceList service,
      @Value("${reelay.providers.venice.api-key:}") String apiKey) {
    this.client = client;
    this.json = json;
    // retrieve, streamed, and error classification
    this.http =
        new ProviderHttp(
            "venice",
            json,
            body -> ProviderHttp.ErrorBody.of(null, errorMessage(body)),
            ProviderHttp.baseUrl(service),
            ProviderHttp.Credentials.bearer(apiKey),
            Duration.ofSeconds(60));
  }

  @Override
  public String name() {
    return "venice";
  }

  @Override
  public String submit(Submission submission) throws ProviderException {
    VideoSpec spec = submission.spec();
    String model = submission.upstreamModel();
    if (!VeniceJobId.validModel(model)) {
      throw ProviderException.refused("BAD_MODEL", "not a Venice model name: " + model);
    }
    Image firstFrame = submission.firstFrame();
    VeniceWire.QueueRequest request =
        new VeniceWire.QueueRequest(
            model,
            spec.prompt(),
            spec.negativePrompt() != null && !spec.negativePrompt().isBlank() ? spec.negativePrompt() : null,
            duration(spec),
            spec.resolution(),
            spec.aspectRatio(),
            spec.audio(),
            spec.seed(),
            firstFrame == null ? null : firstFrame.dataUri());
    VeniceWire.Queued answer = http.call(() -> client.queue(request));
    String queueId = answer == null ? null : answer.queueid();
    if (!VeniceJobId.valid(model, queueId)) {
      // definitive: queueing again would only start (and pay for) another job we could not track
      throw ProviderException.refused("BAD_RESPONSE", "venice queued the job without a usable queueid");
    }
    String id = new VeniceJobId(model, queueId).encode();
    log.info("venice queued {}", id);
    return id;
  }

  @Override
  public JobState poll(String providerJobId) throws ProviderException {
    VeniceJobId id = VeniceJobId.decode(providerJobId);
    byte[] body;
    VideoDownload answer = retrieve(id, false);
    try {
      if (isVideo(answer)) {
        return new JobState(JobState.Phase.SUCCEEDED, 100, null, null); // closed unread
      }
      body = readBounded(answer);
    } finally {
      closeQuietly(answer);
    }
    VeniceWire.RetrieveStatus status = http.readJson(body, VeniceWire.RetrieveStatus.class);
    String state = String.valueOf(status.status()).toLowerCase(Locale.ROOT);
    return switch (state) {
      case "queued", "pending" -> new JobState(JobState.Phase.QUEUED, 0, null, null);
      case "processing" -> new JobState(JobState.Phase.RUNNING, progress(status), null, null);
      case "failed", "error" -> new JobState(JobState.Phase.FAILED, 0, "venice_failed", failure(body));
      default -> throw ProviderException.transientFailure("UNKNOWN_STATUS", "venice answered status " + clip(state));
    };
  }

  @Override
  public void cancel(String providerJobId) {
    // Venice documents no cancel: the job finishes upstream and is simply not collected
    log.info("venice has no cancel endpoint; job {} is left to finish upstream", providerJobId);
  }

  @Override
  public VideoDownload download(String providerJobId) throws ProviderException {
    VeniceJobId id = VeniceJobId.decode(providerJobId);
    VideoDownload answer = retrieve(id, true);
    if (isVideo(answer)) {
      return answer;
    }
    byte[] body;
    try {
      body = readBounded(answer);
    } finally {
      closeQuietly(answer);
    }
    String state = String.valueOf(http.readJson(body, VeniceWire.RetrieveStatus.class).status()).toLowerCase(Locale.ROOT);
    if (state.equals("failed") || state.equals("error")) {
      throw ProviderException.refused("FAILED", "venice job failed: " + failure(body));
    }
    throw ProviderException.transientFailure("NOT_READY", "venice has no video yet for " + providerJobId + " (" + clip(state) + ")");
  }

  @Override
  public void discardResult(String providerJobId) throws ProviderException {
    VeniceJobId id = VeniceJobId.decode(providerJobId);
    try {
      http.call(() -> client.complete(new VeniceWire.CompleteRequest(id.model(), id.queueId())));
      log.info("venice deleted the video of {}", providerJobId);
    } catch (ProviderException e) {
      if (!e.code().equals("HTTP_404")) {
        throw e;
      }
      // already deleted (or never kept): what we wanted
    }
  }

  /** What Venice would charge for a spec on a model (not used on the submission path). */
  public Quote quote(String model, VideoSpec spec) throws ProviderException {
    VeniceWire.QuoteRequest request =
        new VeniceWire.QuoteRequest(model, duration(spec), spec.resolution(), spec.aspectRatio(), spec.audio());
    VeniceWire.QuoteAnswer answer = http.call(() -> client.quote(request));
    if (answer == null || answer.quote() == null) {
      throw ProviderException.transientFailure("BAD_RESPONSE", "venice answered a quote without an amount");
    }
    return new Quote(answer.quote(), answer.currency() == null ? "USD" : answer.currency());
  }

  // ---- retrieve

  /**
   * POST /video/retrieve with headers read and the body not yet; non-2xx become exceptions.
   *
   * @param download whether the video will be read (the download timeout applies)
   */
  private VideoDownload retrieve(VeniceJobId id, boolean download) throws ProviderException {
    return http.postStreamed(
        "/api/v1/video/retrieve",
        new VeniceWire.RetrieveRequest(id.model(), id.queueId(), false),
        "application/json, video/mp4",
        download);
  }

  private static boolean isVideo(VideoDownload answer) {
    return answer.contentType().trim().toLowerCase(Locale.ROOT).startsWith("video/");
  }

  /** Drops the connection of an answer read as far as needed. */
  private static void closeQuietly(VideoDownload answer) {
    try {
      answer.close();
    } catch (IOException ignored) {
      // the connection is being dropped anyway
    }
  }

  /** At most 64 KiB of a body; a status or an error is never bigger. */
  private static byte[] readBounded(VideoDownload answer) throws ProviderException {
    try {
      return answer.body().readNBytes(MAX_JSON_BYTES);
    } catch (IOException e) {
      throw ProviderException.transientFailure("NETWORK", "venice answer cut short: " + e.getClass().getSimpleName());
    }
  }

  private static int progress(VeniceWire.RetrieveStatus status) {
    Double spent = status.executionDuration();
    Double estimated = status.estimatedDuration();
    if (spent == null || estimated == null) {
      return 1;
    }
    double total = estimated;
    if (total <= 0) {
      return 1;
    }
    // never 100 while processing: 100 would promise a video that is not there yet
    long percent = Math.round(spent * 100 / total);
    return (int) Math.max(1, Math.min(99, percent));
  }

  /** The failure message of a JSON status: its error is a string or an object, so read as a tree. */
  private String failure(byte[] status) {
    String message;
    try {
      message = errorMessage(json.readValue(status, JsonNode.class));
    } catch (IOException | RuntimeException notJson) {
      message = null;
    }
    return message != null ? message : "venice reported the job failed";
  }

  // ---- helpers

  /** The message of a Venice error or failure body, cleaned for logs and history. */
  private static String errorMessage(JsonNode body) {
    JsonNode error = body == null ? null : body.get("error");
    String message;
    if (error != null && error.isObject()) {
      message = ProviderHttp.text(error, "message");
    } else {
      message = ProviderHttp.text(body, "error");
    }
    if (message == null) {
      message = ProviderHttp.text(body, "message");
    }
    return message == null ? null : clip(message);
  }

  /** Short, and without anything that looks like image data a provider might echo back. */
  private static String clip(String text) {
    String clean = text.replaceAll("data:[^\\s\"']*", "[data URI]");
    return clean.length() <= MAX_MESSAGE_CHARS ? clean : clean.substring(0, MAX_MESSAGE_CHARS) + "…";
  }

  private static String duration(VideoSpec spec) throws ProviderException {
    return switch (spec.durationSeconds()) {
      case 5 -> "5s";
      case 10 -> "10s";
      default -> throw ProviderException.refused(
          "UNSUPPORTED_DURATION", "venice renders 5 or 10 seconds, not " + spec.durationSeconds());
    };
  }
}
