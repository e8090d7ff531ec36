package io.reelay.emulators.vibegen;

import io.reelay.emulators.EmulatorHosts;
import io.reelay.emulators.EmulatorRateLimits;
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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test double of the VibeGen video API (shared/providers/vibegen.md), served under
 * {@code /emulators/vibegen} so a VibeGen client can be pointed at
 * {@code http://<this server>/emulators/vibegen/api/v1} instead of
 * {@code https://vibegen.art/api/v1}. Enabled only by {@code reelay.emulators.vibegen.enabled=true};
 * tasks live in memory only.
 *
 * <h2>Endpoints</h2>
 *
 * <ul>
 *   <li>{@code POST /api/v1/generations} accepts {@code model} (required; "seedance 2.0"),
 *       {@code prompt} (required, at most 2000 characters), {@code image_urls} (http(s) URLs;
 *       non-empty makes the task "image_to_video", else "text_to_video"), {@code duration} (5 or
 *       10, default 5), {@code aspect_ratio} (16:9 default, 9:16, 1:1, 21:9, 4:3, 3:4, 9:21,
 *       adaptive, keep_ratio), {@code resolution} (480p default, 720p, 1080p),
 *       {@code generate_audio} (boolean, default false) and {@code callback_url} (absolute http(s)
 *       URL) and answers <b>201</b> with {@code data} = {id (a UUID), status "pending", model,
 *       task_type, created_at}.
 *   <li>{@code GET /api/v1/tasks/{task_id}} answers 200 with {@code data} = {id, status, model,
 *       task_type, prompt, video_url, created_at, completed_at, error}; video_url and completed_at
 *       are null until completed, error is null unless failed. 404 TASK_NOT_FOUND for an unknown
 *       id.
 *   <li>{@code GET /api/v1/tasks?status=&limit=&offset=} answers {@code data} = {tasks: [task as
 *       above, newest first], pagination: {page, pageSize, total, total_pages}}.
 *   <li>{@code GET /files/{token}.mp4} serves the real MP4 (rendered with SimVideoRenderer at the
 *       requested resolution, aspect ratio and duration; see {@link VibeGenJob#dimensions}). Like
 *       a signed CDN URL it needs no API key and no rate limit; it answers 404 until the task is
 *       completed and 403 once {@code reelay.emulators.vibegen.url-ttl-seconds} (default 86400:
 *       the documented 24 hours) have passed since completion.
 * </ul>
 *
 * <p>Statuses: a task is "pending" for the first tenth of its run, then "processing", then
 * "completed" or "failed" after {@code reelay.emulators.vibegen.delay-seconds} (default 3). A task
 * not finished within {@code reelay.emulators.vibegen.timeout-seconds} (default 600: the
 * documented 10 minutes) fails with "Video generation timed out after 600 seconds".
 *
 * <h2>Envelope and errors</h2>
 *
 * <p>Success: {@code {"success": true, "data": {...}}}. Error: {@code {"success": false, "error":
 * {"code": "...", "message": "..."}}} with 400 INVALID_PARAMETER (any invalid input, including a
 * body that is not a JSON object; missing model/prompt read "Missing required parameters: model,
 * prompt", naming just the missing ones), 401 INVALID_API_KEY ("Invalid or missing API key"), 402
 * INSUFFICIENT_CREDITS ("Insufficient credits. Required: N, Available: 0", N from the pricing
 * table), 404 TASK_NOT_FOUND ("Task not found"), 429 RATE_LIMIT_EXCEEDED ("Rate limit exceeded.
 * Try again in N seconds.", with {@code Retry-After: N}), 500 INTERNAL_ERROR ("Internal server
 * error"). PROVIDER_ERROR (502) is documented but never produced.
 *
 * <p>Authentication: {@code Authorization: Bearer <reelay.emulators.vibegen.api-key>} (default
 * "vibegen-test-key"; the scheme is matched case-insensitively), else 401, checked before the rate
 * limits. Rate limits, per key, as fixed one-minute windows: task creations
 * ({@code reelay.emulators.vibegen.creations-per-minute}, default 1000) and queries, i.e. both
 * GETs under /api/v1/tasks ({@code reelay.emulators.vibegen.queries-per-minute}, default 1000).
 *
 * <h2>Callbacks</h2>
 *
 * <p>With a {@code callback_url}, when the task settles a background thread POSTs
 * ({@code Content-Type: application/json}, one attempt, no signature) either
 * {@code {"event": "task.completed", "task_id", "status": "completed", "video_url", "created_at",
 * "completed_at"}} or {@code {"event": "task.failed", "task_id", "status": "failed",
 * "error_message", "created_at", "failed_at"}}. Its video_url uses the Host the task was
 * submitted to.
 *
 * <h2>Prompt markers</h2>
 *
 * <ul>
 *   <li>{@code [vibegen:fail]}: the task ends failed with error "Content policy violation" (and a
 *       task.failed callback).
 *   <li>{@code [vibegen:never]}: the task stays processing until the generation timeout, then
 *       fails as timed out (with a task.failed callback).
 *   <li>{@code [vibegen:delay=N]}: the task completes (or fails) N seconds after submission.
 *   <li>{@code [vibegen:5xx=N]}: the first N {@code GET /api/v1/tasks/{id}} polls of the task
 *       answer 500 INTERNAL_ERROR.
 *   <li>{@code [vibegen:429]}: the first submission of this exact prompt answers 429
 *       RATE_LIMIT_EXCEEDED with Retry-After: 2; the next one is accepted.
 *   <li>{@code [vibegen:402]}: the submission answers 402 INSUFFICIENT_CREDITS.
 *   <li>{@code [vibegen:expire]}: the video URL expires (403) 1 second after completion.
 *   <li>{@code [vibegen:callback-twice]}: the settled callback is delivered twice, identically,
 *       the second POST right after the first one is answered.
 *   <li>{@code [vibegen:callback-late=N]}: the settled callback is delivered N seconds after the
 *       task settled (polls already show it settled).
 *   <li>{@code [vibegen:callback-early]}: a lying task.completed callback (completed_at = the time
 *       it is sent, video_url = the task's URL, which still answers 404) is delivered when the task
 *       starts processing, while a poll still shows it pending/processing; the task takes at least
 *       3 s, so the lie arrives at least 2.7 s before the truth. The genuine callback follows when
 *       the task really settles.
 *   <li>{@code [vibegen:no-callback]}: the callback_url is accepted but never called.
 * </ul>
 *
 * <h2>Choices where the documentation is inconsistent or silent</h2>
 *
 * <ol>
 *   <li>Error bodies: the examples show {@code {"error": {code, message}}} without the
 *       {@code success} field every success body has; errors here carry both, {@code "success":
 *       false} plus the documented {@code error} object, so a client reading either works.
 *   <li>The failure reason: the GET example calls it {@code error}, the SDK examples read
 *       {@code error_message}, the failed callback has {@code error_message}. The endpoint's own
 *       example wins: the task view has {@code error} (no {@code error_message}); the callback has
 *       {@code error_message} as documented for it.
 *   <li>The task list takes {@code limit}/{@code offset} but answers with {@code page}/
 *       {@code pageSize}: pageSize = limit, page = offset / limit + 1, total_pages =
 *       ceil(total / limit). limit must be 1..100 (default 20), offset >= 0 (default 0), status one
 *       of the four statuses; anything else is 400.
 *   <li>{@code duration} is typed "number" but only 5 or 10 are supported: 5, 10 (or 5.0, 10.0)
 *       pass, anything else is 400.
 *   <li>{@code model} is a free "Model name", but "seedance 2.0" is the only model named or priced:
 *       it is the only one accepted (exact spelling), anything else is 400.
 *   <li>The creation endpoint answers 201 (the heading says 201 Created), not 200.
 *   <li>"Verify callback request signatures" is advised but no signature is documented: callbacks
 *       are unsigned. Retries are not documented: one attempt per delivery.
 *   <li>429 has no documented headers: {@code Retry-After} (seconds) is added, nothing else (no
 *       X-RateLimit-*).
 *   <li>Timestamps are UTC ISO-8601 to the second, as in the examples.
 *   <li>"adaptive" and "keep_ratio" render 16:9 (reference images are not fetched); image_urls
 *       entries are only checked to be absolute http(s) URLs.
 *   <li>A download URL after its TTL or before completion is not part of the API: 403
 *       URL_EXPIRED and 404 FILE_NOT_FOUND in the same envelope (codes outside the API's table).
 * </ol>
 */
@Controller("/emulators/vibegen")
@Requires(property = "reelay.emulators.vibegen.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VibeGenEmulatorController {

  static final String MODEL = "seedance 2.0";
  private static final Set<String> ASPECT_RATIOS =
      Set.of("16:9", "9:16", "1:1", "21:9", "4:3", "3:4", "9:21", "adaptive", "keep_ratio");
  private static final Set<String> RESOLUTIONS = Set.of("480p", "720p", "1080p");
  private static final Set<String> STATUSES = Set.of("pending", "processing", "completed", "failed");
  private static final int MAX_PROMPT_LENGTH = 2000;
  private static final int DEFAULT_DURATION = 5;
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;
  private static final long THROTTLE_RETRY_AFTER_SECONDS = 2;
  private static final long EXPIRING_URL_TTL_MILLIS = 1000;

  private final VibeGenVideos videos;
  private final VibeGenCallbacks callbacks;
  private final JsonMapper json;
  private final String apiKey;
  private final byte[] apiKeyBytes;
  private final long defaultDelayMillis;
  private final long urlTtlMillis;
  private final long timeoutMillis;
  private final EmulatorRateLimits creationLimits;
  private final EmulatorRateLimits queryLimits;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, VibeGenJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, VibeGenJob> jobsByToken = new ConcurrentHashMap<>();
  private final Set<String> throttledPrompts = ConcurrentHashMap.newKeySet();

  public VibeGenEmulatorController(
      VibeGenVideos videos,
      VibeGenCallbacks callbacks,
      JsonMapper json,
      @Value("${reelay.emulators.vibegen.api-key:vibegen-test-key}") String apiKey,
      @Value("${reelay.emulators.vibegen.creations-per-minute:1000}") int creationsPerMinute,
      @Value("${reelay.emulators.vibegen.queries-per-minute:1000}") int queriesPerMinute,
      @Value("${reelay.emulators.vibegen.delay-seconds:3}") double delaySeconds,
      @Value("${reelay.emulators.vibegen.url-ttl-seconds:86400}") long urlTtlSeconds,
      @Value("${reelay.emulators.vibegen.timeout-seconds:600}") long timeoutSeconds) {
    this.videos = videos;
    this.callbacks = callbacks;
    this.json = json;
    this.apiKey = apiKey;
    this.apiKeyBytes = apiKey.getBytes(StandardCharsets.UTF_8);
    this.defaultDelayMillis = Math.round(delaySeconds * 1000);
    this.urlTtlMillis = urlTtlSeconds * 1000;
    this.timeoutMillis = timeoutSeconds * 1000;
    this.creationLimits = new EmulatorRateLimits(creationsPerMinute);
    this.queryLimits = new EmulatorRateLimits(queriesPerMinute);
  }

  @Post("/api/v1/generations")
  public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body) {
    return guarded(request, creationLimits, () -> create(body, EmulatorHosts.of(request)));
  }

  @Get("/api/v1/tasks/{taskId}")
  public HttpResponse<?> task(HttpRequest<?> request, @PathVariable String taskId) {
    return guarded(request, queryLimits, () -> task(taskId, EmulatorHosts.of(request)));
  }

  @Get("/api/v1/tasks")
  public HttpResponse<?> list(
      HttpRequest<?> request,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String offset) {
    return guarded(request, queryLimits, () -> list(status, limit, offset, EmulatorHosts.of(request)));
  }

  @Get("/files/{token}.mp4")
  public HttpResponse<?> download(@PathVariable String token) {
    VibeGenJob job = jobsByToken.get(token);
    long now = System.currentTimeMillis();
    if (job == null || !job.completedAt(now)) {
      return error(HttpStatus.NOT_FOUND, "FILE_NOT_FOUND", "File not found");
    }
    if (job.urlExpiredAt(now)) {
      return error(HttpStatus.FORBIDDEN, "URL_EXPIRED", "URL expired");
    }
    try {
      return HttpResponse.ok(new SystemFile(videos.file(job).toFile(), MediaType.of("video/mp4")));
    } catch (IOException e) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal server error");
    }
  }

  /** The absolute URL of a task's video, on the address the client used to reach us. */
  static String videoUrl(String host, VibeGenJob job) {
    return "http://" + host + "/emulators/vibegen/files/" + job.downloadToken() + ".mp4";
  }

  /** Authentication, then the endpoint's rate limit, in front of every API endpoint. */
  private HttpResponse<?> guarded(
      HttpRequest<?> request, EmulatorRateLimits limits, Supplier<MutableHttpResponse<?>> handler) {
    if (!authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
      return error(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "Invalid or missing API key");
    }
    EmulatorRateLimits.Decision limit = limits.charge(apiKey, System.currentTimeMillis());
    if (!limit.allowed()) {
      return rateLimited(limit.retryAfterSeconds());
    }
    return handler.get();
  }

  private MutableHttpResponse<?> create(@Nullable String body, String host) {
    JsonNode fields;
    try {
      fields = body == null || body.isBlank() ? null : json.readValue(body, JsonNode.class);
    } catch (IOException e) {
      return invalid("Request body is not valid JSON");
    }
    if (fields == null || !fields.isObject()) {
      return invalid("Request body must be a JSON object");
    }
    List<String> missing = new ArrayList<>();
    for (String name : List.of("model", "prompt")) {
      JsonNode field = fields.get(name);
      if (field == null || field.isNull() || (field.isString() && field.getStringValue().isBlank())) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      return invalid("Missing required parameters: " + String.join(", ", missing));
    }
    JsonNode modelField = fields.get("model");
    if (!modelField.isString() || !modelField.getStringValue().equals(MODEL)) {
      return invalid("model must be \"" + MODEL + "\"");
    }
    JsonNode promptField = fields.get("prompt");
    if (!promptField.isString()) {
      return invalid("prompt must be a string");
    }
    String prompt = promptField.getStringValue();
    if (prompt.length() > MAX_PROMPT_LENGTH) {
      return invalid("prompt must be at most " + MAX_PROMPT_LENGTH + " characters");
    }
    List<String> imageUrls = new ArrayList<>();
    JsonNode imagesField = fields.get("image_urls");
    if (imagesField != null && !imagesField.isNull()) {
      if (!imagesField.isArray()) {
        return invalid("image_urls must be an array of URLs");
      }
      for (JsonNode image : imagesField.values()) {
        if (!image.isString() || !httpUrl(image.getStringValue())) {
          return invalid("image_urls must contain only http(s) URLs");
        }
        imageUrls.add(image.getStringValue());
      }
    }
    JsonNode durationField = fields.get("duration");
    int duration = DEFAULT_DURATION;
    if (durationField != null && !durationField.isNull()) {
      double value = durationField.isNumber() ? durationField.getNumberValue().doubleValue() : -1;
      if (value != 5 && value != 10) {
        return invalid("duration must be 5 or 10");
      }
      duration = (int) value;
    }
    String aspectRatio = string(fields.get("aspect_ratio"), "16:9");
    if (!ASPECT_RATIOS.contains(String.valueOf(aspectRatio))) {
      return invalid(
          "aspect_ratio must be one of 16:9, 9:16, 1:1, 21:9, 4:3, 3:4, 9:21, adaptive, keep_ratio");
    }
    String resolution = string(fields.get("resolution"), "480p");
    if (!RESOLUTIONS.contains(String.valueOf(resolution))) {
      return invalid("resolution must be one of 480p, 720p, 1080p");
    }
    JsonNode audioField = fields.get("generate_audio");
    boolean audio = false;
    if (audioField != null && !audioField.isNull()) {
      if (!audioField.isBoolean()) {
        return invalid("generate_audio must be a boolean");
      }
      audio = audioField.getBooleanValue();
    }
    JsonNode callbackField = fields.get("callback_url");
    String callbackUrl = null;
    if (callbackField != null && !callbackField.isNull()) {
      if (!callbackField.isString() || !httpUrl(callbackField.getStringValue())) {
        return invalid("callback_url must be an absolute http(s) URL");
      }
      callbackUrl = callbackField.getStringValue();
    }

    VibeGenMarkers markers = VibeGenMarkers.in(prompt);
    if (markers.throttleOnce() && throttledPrompts.add(prompt)) {
      return rateLimited(THROTTLE_RETRY_AFTER_SECONDS);
    }
    if (markers.insufficientCredits()) {
      return error(
          HttpStatus.PAYMENT_REQUIRED,
          "INSUFFICIENT_CREDITS",
          "Insufficient credits. Required: " + VibeGenJob.credits(resolution, duration, audio) + ", Available: 0");
    }

    long delayMillis =
        markers.delaySeconds().isPresent() ? markers.delaySeconds().getAsLong() * 1000 : defaultDelayMillis;
    if (markers.callbackEarly()) {
      delayMillis = Math.max(delayMillis, VibeGenCallbacks.EARLY_CALLBACK_MIN_DELAY_MILLIS);
    }
    VibeGenJob job =
        new VibeGenJob(
            UUID.randomUUID().toString(),
            MODEL,
            imageUrls.isEmpty() ? "text_to_video" : "image_to_video",
            prompt,
            duration,
            aspectRatio,
            resolution,
            audio,
            List.copyOf(imageUrls),
            callbackUrl,
            host,
            System.currentTimeMillis(),
            delayMillis,
            markers.fail()
                ? VibeGenJob.Outcome.FAIL
                : markers.never() ? VibeGenJob.Outcome.NEVER_FINISH : VibeGenJob.Outcome.COMPLETE,
            timeoutMillis,
            markers.expireUrl() ? EXPIRING_URL_TTL_MILLIS : urlTtlMillis,
            downloadToken(),
            new AtomicInteger(markers.serverErrorPolls()));
    jobs.put(job.id(), job);
    jobsByToken.put(job.downloadToken(), job);
    callbacks.plan(job, markers);

    Map<String, Object> created = new LinkedHashMap<>();
    created.put("id", job.id());
    created.put("status", "pending");
    created.put("model", job.model());
    created.put("task_type", job.taskType());
    created.put("created_at", job.createdAt());
    return HttpResponse.status(HttpStatus.CREATED).body(success(created));
  }

  private MutableHttpResponse<?> task(String taskId, String host) {
    VibeGenJob job = jobs.get(taskId);
    if (job == null) {
      return error(HttpStatus.NOT_FOUND, "TASK_NOT_FOUND", "Task not found");
    }
    // a burst of transient failures, as a client's retry policy has to survive them
    if (job.serverErrorsLeft().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal server error");
    }
    return HttpResponse.ok(success(view(job, System.currentTimeMillis(), host)));
  }

  private MutableHttpResponse<?> list(
      @Nullable String status, @Nullable String limitParam, @Nullable String offsetParam, String host) {
    if (status != null && !STATUSES.contains(status)) {
      return invalid("status must be one of pending, processing, completed, failed");
    }
    Integer limit = nonNegative(limitParam, DEFAULT_LIMIT);
    if (limit == null || limit < 1 || limit > MAX_LIMIT) {
      return invalid("limit must be an integer between 1 and " + MAX_LIMIT);
    }
    Integer offset = nonNegative(offsetParam, 0);
    if (offset == null) {
      return invalid("offset must be a non-negative integer");
    }
    long now = System.currentTimeMillis();
    List<VibeGenJob> matching =
        jobs.values().stream()
            .filter(job -> status == null || job.statusAt(now).equals(status))
            .sorted(Comparator.comparingLong(VibeGenJob::createdAtMillis).reversed()
                .thenComparing(VibeGenJob::id))
            .toList();
    List<Map<String, Object>> page =
        matching.stream().skip(offset).limit(limit).map(job -> view(job, now, host)).toList();
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("page", offset / limit + 1);
    pagination.put("pageSize", limit);
    pagination.put("total", matching.size());
    pagination.put("total_pages", (matching.size() + limit - 1) / limit);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tasks", page);
    data.put("pagination", pagination);
    return HttpResponse.ok(success(data));
  }

  private Map<String, Object> view(VibeGenJob job, long now, String host) {
    String status = job.statusAt(now);
    boolean completed = status.equals("completed");
    if (completed) {
      videos.prepare(job); // so the first download finds the file (nearly) ready
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", job.id());
    view.put("status", status);
    view.put("model", job.model());
    view.put("task_type", job.taskType());
    view.put("prompt", job.prompt());
    view.put("video_url", completed ? videoUrl(host, job) : null);
    view.put("created_at", job.createdAt());
    view.put("completed_at", completed ? job.settledAt() : null);
    view.put("error", status.equals("failed") ? job.errorMessage() : null);
    return view;
  }

  private boolean authorized(@Nullable String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return false;
    }
    String scheme = authorization.substring(0, 7);
    byte[] token = authorization.substring(7).getBytes(StandardCharsets.UTF_8);
    return scheme.toLowerCase(Locale.ROOT).equals("bearer ") && MessageDigest.isEqual(apiKeyBytes, token);
  }


  /** A string field, its default when absent or null, or null when it is not a string. */
  @Nullable
  private static String string(@Nullable JsonNode field, String defaultValue) {
    if (field == null || field.isNull()) {
      return defaultValue;
    }
    return field.isString() ? field.getStringValue() : null;
  }

  /** A query parameter as a non-negative int, its default when absent, or null when invalid. */
  @Nullable
  private static Integer nonNegative(@Nullable String value, int defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    if (!value.matches("\\d{1,9}")) {
      return null;
    }
    return Integer.parseInt(value);
  }

  private static boolean httpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  // As unguessable as a CDN signature: 256 random bits.
  private String downloadToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Map<String, Object> success(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("data", data);
    return body;
  }

  private static MutableHttpResponse<?> invalid(String message) {
    return error(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", message);
  }

  private static MutableHttpResponse<?> rateLimited(long retryAfterSeconds) {
    return error(
            HttpStatus.TOO_MANY_REQUESTS,
            "RATE_LIMIT_EXCEEDED",
            "Rate limit exceeded. Try again in " + retryAfterSeconds + " seconds.")
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
  }

  private static MutableHttpResponse<?> error(HttpStatus status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", error);
    return HttpResponse.status(status).body(body);
  }
}
