package io.reelay.emulators.vinci;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.assets.images.ImageFormat;
import io.reelay.emulators.EmulatorHosts;
import io.reelay.emulators.EmulatorRateLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test double of the Vinci video API (docs.tryvinci.com), served under {@code /emulators/vinci}
 * so a Vinci client can be pointed at {@code http://<this server>/emulators/vinci/api} instead of
 * {@code https://tryvinci.com/api}. Jobs live in memory only.
 *
 * <ul>
 *   <li>{@code POST /api/v1/generate/text-to-video} accepts {@code prompt} (required),
 *       {@code duration_seconds} (1-10, default 5), {@code aspect_ratio} ("16:9" default, "9:16",
 *       "1:1") and {@code seed} (default -1: derived from the prompt) and answers 200 with a
 *       {@code req_...} id, status "pending" and the estimated cost ($0.05 per second).
 *   <li>{@code GET /api/v1/status/{request_id}} answers pending, processing (with progress),
 *       completed (with an absolute {@code video_url}, {@code duration_seconds}, {@code cost_usd})
 *       or failed (with {@code error}); 404 for an unknown id.
 *   <li>{@code GET /files/{token}.mp4} serves the real MP4 (720p in the requested aspect ratio).
 *       Like a signed storage URL it needs no API key, carries no rate-limit headers, and answers
 *       403 once {@code reelay.emulators.vinci.url-ttl-seconds} (default 3600) have passed since
 *       completion.
 * </ul>
 *
 * <p>The API endpoints require {@code Authorization: Bearer <reelay.emulators.vinci.api-key>}
 * (default "vinci-test-key"), else 401; they are limited to
 * {@code reelay.emulators.vinci.requests-per-minute} (default 600) per key, with
 * X-RateLimit-Limit/-Remaining/-Reset on every response and 429 plus Retry-After beyond it. Every
 * error body is FastAPI's {@code {"detail": "..."}}; invalid input is 400.
 *
 * <p>A job completes after {@code reelay.emulators.vinci.delay-seconds} (default 3), spending the
 * first tenth of it pending. Markers in the prompt steer it:
 *
 * <ul>
 *   <li>{@code [vinci:fail]}: the job ends failed with an error message.
 *   <li>{@code [vinci:never]}: the job stays processing forever.
 *   <li>{@code [vinci:delay=N]}: the job completes (or fails) after N seconds.
 *   <li>{@code [vinci:5xx=N]}: the first N status polls of the job answer 500.
 *   <li>{@code [vinci:429]}: the first submission of this exact prompt answers 429 with
 *       Retry-After: 2; the next one is accepted.
 *   <li>{@code [vinci:402]}: the submission answers 402 Insufficient balance.
 *   <li>{@code [vinci:expire]}: the video URL expires 1 second after completion.
 * </ul>
 */
@Controller("/emulators/vinci")
@Requires(property = "reelay.emulators.vinci.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VinciEmulatorController {

  private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");
  private static final int MIN_DURATION = 1;
  private static final int MAX_DURATION = 10;
  private static final int DEFAULT_DURATION = 5;
  private static final long THROTTLE_RETRY_AFTER_SECONDS = 2;
  private static final long EXPIRING_URL_TTL_MILLIS = 1000;
  // Requests with a wrong or missing key still count, against one shared bucket.
  private static final String UNAUTHENTICATED = "";

  private final VinciVideos videos;
  private final JsonMapper json;
  private final byte[] expectedAuthorization;
  private final String apiKey;
  private final long defaultDelayMillis;
  private final long urlTtlMillis;
  private final EmulatorRateLimits rateLimits;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, VinciJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, VinciJob> jobsByToken = new ConcurrentHashMap<>();
  private final Set<String> throttledPrompts = ConcurrentHashMap.newKeySet();

  public VinciEmulatorController(
      VinciVideos videos,
      JsonMapper json,
      @Value("${reelay.emulators.vinci.api-key:vinci-test-key}") String apiKey,
      @Value("${reelay.emulators.vinci.requests-per-minute:600}") int requestsPerMinute,
      @Value("${reelay.emulators.vinci.delay-seconds:3}") double delaySeconds,
      @Value("${reelay.emulators.vinci.url-ttl-seconds:3600}") long urlTtlSeconds) {
    this.videos = videos;
    this.json = json;
    this.apiKey = apiKey;
    this.expectedAuthorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    this.defaultDelayMillis = Math.round(delaySeconds * 1000);
    this.urlTtlMillis = urlTtlSeconds * 1000;
    this.rateLimits = new EmulatorRateLimits(requestsPerMinute);
  }

  @Post("/api/v1/generate/text-to-video")
  public HttpResponse<?> submit(HttpRequest<?> request, @Nullable @Body String body) {
    return guarded(request, () -> submit(body));
  }

  /** Vinci's image-to-video takes a multipart form: the image file, prompt, duration_seconds. */
  @Post(value = "/api/v1/generate/image-to-video", consumes = MediaType.MULTIPART_FORM_DATA)
  public HttpResponse<?> submitImage(
      HttpRequest<?> request,
      @Nullable @Part("image") CompletedFileUpload image,
      @Nullable @Part("prompt") String prompt,
      @Nullable @Part("duration_seconds") String durationSeconds) {
    return guarded(request, () -> submitImage(image, prompt, durationSeconds));
  }

  @Get("/api/v1/status/{requestId}")
  public HttpResponse<?> status(HttpRequest<?> request, @PathVariable String requestId) {
    return guarded(request, () -> status(requestId, EmulatorHosts.of(request)));
  }

  @Get("/files/{token}.mp4")
  public HttpResponse<?> download(@PathVariable String token) {
    VinciJob job = jobsByToken.get(token);
    long now = System.currentTimeMillis();
    if (job == null || !job.stateAt(now).status().equals("completed")) {
      return error(HttpStatus.NOT_FOUND, "Not Found");
    }
    if (job.urlExpiredAt(now)) {
      return error(HttpStatus.FORBIDDEN, "URL expired");
    }
    try {
      return HttpResponse.ok(new SystemFile(videos.file(job).toFile(), MediaType.of("video/mp4")));
    } catch (IOException e) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
    }
  }

  /** Authentication and the rate limit in front of every API endpoint, and their headers after. */
  private HttpResponse<?> guarded(HttpRequest<?> request, Supplier<MutableHttpResponse<?>> handler) {
    boolean authorized = authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    EmulatorRateLimits.Decision limit =
        rateLimits.charge(authorized ? apiKey : UNAUTHENTICATED, System.currentTimeMillis());
    MutableHttpResponse<?> response;
    if (!authorized) {
      response = error(HttpStatus.UNAUTHORIZED, "Invalid API key");
    } else if (!limit.allowed()) {
      response = rateLimited(limit.retryAfterSeconds());
    } else {
      response = handler.get();
    }
    return response
        .header("X-RateLimit-Limit", String.valueOf(limit.limit()))
        .header("X-RateLimit-Remaining", String.valueOf(limit.remaining()))
        .header("X-RateLimit-Reset", String.valueOf(limit.resetEpochSeconds()));
  }

  private MutableHttpResponse<?> submit(@Nullable String body) {
    JsonNode fields;
    try {
      fields = body == null || body.isBlank() ? null : json.readValue(body, JsonNode.class);
    } catch (IOException e) {
      return error(HttpStatus.BAD_REQUEST, "Request body is not valid JSON");
    }
    if (fields == null || !fields.isObject()) {
      return error(HttpStatus.BAD_REQUEST, "Request body must be a JSON object");
    }
    JsonNode promptField = fields.get("prompt");
    if (promptField == null || !promptField.isString() || promptField.getStringValue().isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "prompt is required and must be a non-empty string");
    }
    String prompt = promptField.getStringValue();
    Long duration = integer(fields.get("duration_seconds"), DEFAULT_DURATION);
    if (duration == null || duration < MIN_DURATION || duration > MAX_DURATION) {
      return error(HttpStatus.BAD_REQUEST, "duration_seconds must be an integer between 1 and 10");
    }
    JsonNode aspectField = fields.get("aspect_ratio");
    String aspectRatio =
        aspectField == null || aspectField.isNull()
            ? "16:9"
            : aspectField.isString() ? aspectField.getStringValue() : null;
    if (!ASPECT_RATIOS.contains(String.valueOf(aspectRatio))) {
      return error(HttpStatus.BAD_REQUEST, "aspect_ratio must be one of \"16:9\", \"9:16\", \"1:1\"");
    }
    Long seed = integer(fields.get("seed"), -1);
    if (seed == null) {
      return error(HttpStatus.BAD_REQUEST, "seed must be an integer");
    }

    return accept(prompt, duration.intValue(), aspectRatio, seed, 0);
  }

  private MutableHttpResponse<?> submitImage(
      @Nullable CompletedFileUpload image, @Nullable String prompt, @Nullable String durationText) {
    if (image == null) {
      return error(HttpStatus.BAD_REQUEST, "image is required (a JPEG or PNG file)");
    }
    byte[] bytes;
    try {
      bytes = image.getBytes();
    } catch (IOException e) {
      return error(HttpStatus.BAD_REQUEST, "image could not be read");
    }
    if (ImageFormat.detect(bytes).filter(f -> f != ImageFormat.WEBP).isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "image must be a JPEG or PNG file");
    }
    if (prompt == null || prompt.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "prompt is required and must be a non-empty string");
    }
    long duration = DEFAULT_DURATION;
    if (durationText != null) {
      if (!durationText.trim().matches("\\d{1,3}")) {
        return error(HttpStatus.BAD_REQUEST, "duration_seconds must be an integer between 1 and 10");
      }
      duration = Long.parseLong(durationText.trim());
    }
    if (duration < MIN_DURATION || duration > MAX_DURATION) {
      return error(HttpStatus.BAD_REQUEST, "duration_seconds must be an integer between 1 and 10");
    }
    // the video takes the image's frame; the emulator renders 16:9 whatever the image is
    return accept(prompt, (int) duration, "16:9", -1L, bytes.length);
  }

  private MutableHttpResponse<?> accept(String prompt, int seconds, String aspectRatio, Long seed, int imageBytes) {
    VinciMarkers markers = VinciMarkers.in(prompt);
    if (markers.insufficientBalance()) {
      return error(
          HttpStatus.PAYMENT_REQUIRED,
          "Insufficient balance. Current balance: $0.00, required: $" + VinciJob.costUsd(seconds));
    }
    if (markers.throttleOnce() && throttledPrompts.add(prompt)) {
      return rateLimited(THROTTLE_RETRY_AFTER_SECONDS);
    }

    VinciJob job =
        new VinciJob(
            "req_" + UUID.randomUUID().toString().replace("-", ""),
            prompt,
            seconds,
            aspectRatio,
            // -1 asks for a random seed; one derived from the prompt keeps tests reproducible
            seed == -1 ? prompt.hashCode() & 0xffffffffL : seed,
            System.currentTimeMillis(),
            markers.delaySeconds().isPresent() ? markers.delaySeconds().getAsLong() * 1000 : defaultDelayMillis,
            markers.fail()
                ? VinciJob.Outcome.FAIL
                : markers.never() ? VinciJob.Outcome.NEVER_FINISH : VinciJob.Outcome.COMPLETE,
            markers.expireUrl() ? EXPIRING_URL_TTL_MILLIS : urlTtlMillis,
            downloadToken(),
            new AtomicInteger(markers.serverErrorPolls()),
            imageBytes);
    jobs.put(job.requestId(), job);
    jobsByToken.put(job.downloadToken(), job);

    Map<String, Object> accepted = new LinkedHashMap<>();
    accepted.put("request_id", job.requestId());
    accepted.put("status", "pending");
    accepted.put("estimated_cost_usd", job.costUsd());
    accepted.put("estimated_duration_seconds", job.durationSeconds());
    return HttpResponse.ok(accepted);
  }

  private MutableHttpResponse<?> status(String requestId, String host) {
    VinciJob job = jobs.get(requestId);
    if (job == null) {
      return error(HttpStatus.NOT_FOUND, "Request not found");
    }
    // a burst of transient failures, as a client's retry policy has to survive them
    if (job.serverErrorsLeft().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
    }
    VinciJob.State state = job.stateAt(System.currentTimeMillis());
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("request_id", job.requestId());
    view.put("status", state.status());
    if (job.inputImageBytes() > 0) {
      // not in Vinci's status: lets tests see the upload arrived whole
      view.put("emulator_input_image_bytes", job.inputImageBytes());
    }
    switch (state.status()) {
      case "pending" -> view.put("estimated_cost_usd", job.costUsd());
      case "processing" -> {
        view.put("estimated_cost_usd", job.costUsd());
        view.put("progress", state.progress());
      }
      case "completed" -> {
        videos.prepare(job); // so the first download finds the file (nearly) ready
        view.put("video_url", "http://" + host + "/emulators/vinci/files/" + job.downloadToken() + ".mp4");
        view.put("duration_seconds", (double) job.durationSeconds());
        view.put("cost_usd", job.costUsd());
      }
      default -> view.put("error", "Generation failed: the model could not render this prompt");
    }
    return HttpResponse.ok(view);
  }

  private boolean authorized(@Nullable String authorization) {
    return authorization != null
        && MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8));
  }


  /** An integer field, its default when absent or null, or null when it is not an integer. */
  @Nullable
  private static Long integer(@Nullable JsonNode field, long defaultValue) {
    if (field == null || field.isNull()) {
      return defaultValue;
    }
    if (!field.isNumber()) {
      return null;
    }
    double value = field.getNumberValue().doubleValue();
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (long) value : null;
  }

  // As unguessable as a storage signature: 256 random bits.
  private String downloadToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static MutableHttpResponse<?> rateLimited(long retryAfterSeconds) {
    return error(
            HttpStatus.TOO_MANY_REQUESTS,
            "Rate limit exceeded. Try again in " + retryAfterSeconds + " seconds.")
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
  }

  private static MutableHttpResponse<?> error(HttpStatus status, String detail) {
    return HttpResponse.status(status).body(Map.of("detail", detail));
  }
}
