package io.reelay.emulators.videogenapi;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
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
import io.reelay.emulators.EmulatorHosts;
import io.reelay.activities.providers.simulator.SimVideoRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A test double of VideoGenAPI (shared/providers/videogenapi.md), served under
 * {@code /emulators/videogenapi}: a client pointed at {@code http://<this server>/emulators/videogenapi}
 * instead of {@code https://videogenapi.com} finds the API at the same {@code /api/v1/...} paths.
 * Enabled only by {@code reelay.emulators.videogenapi.enabled=true}. Generations live in
 * PostgreSQL (V20), so a restarted app still knows them.
 *
 * <h2>Endpoints</h2>
 *
 * <ul>
 *   <li>{@code POST /api/v1/generate}: {@code prompt} (required, at most 1000 characters),
 *       {@code model} (a key from the documentation, default "sora-2"), {@code duration} (5-60,
 *       default 5), {@code resolution} (480p, 720p default, 1080p), {@code aspect_ratio} (16:9
 *       default, 9:16, 4:3, 3:4, 1:1, 21:9, 9:21), {@code seed} (-1 or absent: random),
 *       {@code camera_fixed}, {@code add_audio} (booleans), {@code audio_prompt},
 *       {@code image_url} (one http(s) URL: image-to-video) and {@code reference_image_urls}
 *       (1-5 http(s) URLs). Every image is downloaded at once and must be JPEG, PNG, GIF or WebP
 *       by its first bytes (else 400) and at most {@code max-image-bytes} (else 413). With
 *       {@code image_url} the video takes the image's orientation and {@code aspect_ratio} is
 *       ignored (text-to-video only, as documented). Answers 200 with generation_id
 *       ({@code gen_<13 hex>_<6 digits>}), request_id, status "pending", type, model
 *       {key, name, provider}, the parameters, style, fps, status_url, message and usage
 *       {current_month_usage, monthly_limit}.
 *   <li>{@code GET /api/v1/status/{generation_id}}: pending (first tenth of the delay), in_queue
 *       (until a quarter), in_progress, then completed (with video_url, processing_time,
 *       completed_at) or failed (with error and message). 404 for an unknown id.
 *   <li>{@code GET /api/v1/video/{generation_id}?expires=&signature=}: the MP4 (rendered by
 *       SimVideoRenderer at the resolution, orientation and duration asked). Needs the API key
 *       like any API endpoint; 403 once the link has expired. Every status read hands out a fresh
 *       link valid for {@code url-ttl-seconds}.
 *   <li>{@code GET /api/v1/generations?page=&limit=}: newest first, with pagination.
 *   <li>{@code GET /api/v1/user}: the key's usage.
 * </ul>
 *
 * <p>Authentication: {@code Authorization: Bearer <api-key>}, else 401. Errors:
 * {@code {"success": false, "error": "<title>", "message": "<explanation>"}} with 400, 401, 402,
 * 404, 413, 429 (plus {@code details}: current_usage, limit, window, reset_time,
 * seconds_until_reset, upgrade_required, as in the documented model rate limit) or 500. Each
 * model allows {@code hourly-limit} generations per rolling hour (override per model with
 * {@code hourly-limits.<model>}); beyond that, 429.
 *
 * <h2>Settings ({@code reelay.emulators.videogenapi.*})</h2>
 *
 * <p>{@code api-key} ("videogenapi-test-key"), {@code delay-seconds} (5), {@code url-ttl-seconds}
 * (3600), {@code hourly-limit} (1000), {@code monthly-limit} (1000, reported in usage only),
 * {@code throttle-reset-seconds} (3), {@code max-image-bytes} (10 MB).
 *
 * <h2>Prompt markers</h2>
 *
 * <ul>
 *   <li>{@code [vgapi:fail]}: the generation ends failed.
 *   <li>{@code [vgapi:never]}: it stays in_progress forever.
 *   <li>{@code [vgapi:delay=N]}: it completes (or fails) N seconds after submission.
 *   <li>{@code [vgapi:5xx=N]}: its first N status reads answer 500.
 *   <li>{@code [vgapi:429]} / {@code [vgapi:429=N]}: the first (N) submissions of this exact
 *       prompt answer 429 with {@code seconds_until_reset} = throttle-reset-seconds.
 *   <li>{@code [vgapi:402]}: the submission answers 402 (no credits left).
 *   <li>{@code [vgapi:expire]}: every video_url handed out expires 1 second later; a new status
 *       read hands out a fresh one.
 *   <li>{@code [vgapi:storage]}: video_url points at a storage path outside the API
 *       ({@code /emulators/videogenapi-storage/...}), which needs no key and answers 400 to a
 *       request that carries an Authorization header, as presigned storage URLs do.
 * </ul>
 *
 * <h2>Where the documentation is inconsistent or silent</h2>
 *
 * <ol>
 *   <li>Paths: the endpoint tables mix {@code /api/v1/...}, {@code /v1/...} and {@code /generate};
 *       every request example uses {@code https://videogenapi.com/api/v1/...}, so that is served.
 *       {@code status_url} is returned as documented ({@code /v1/status/{id}}, relative to
 *       {@code /api}).
 *   <li>Only the model rate limit error is documented; every other error uses its
 *       {@code error}/{@code message} shape, plus {@code "success": false}.
 *   <li>A failed status carries {@code error} and {@code message} (no field is documented).
 *   <li>{@code model} is required in some tables, optional (default sora-2) in others: optional.
 *   <li>Aspect ratios: the list names 16:9, 4:3, 1:1 and 9:21; their mirror images are accepted
 *       too (the other tables say "e.g."). 4K is listed "varies by model": none emulated offers it.
 *   <li>{@code fps} reports the rendered rate ({@value SimVideoRenderer#FPS}), not the example's 30.
 *   <li>Data URIs are not documented (only URLs): image fields must be http(s) URLs.
 * </ol>
 */
@Controller("/emulators/videogenapi")
@Requires(property = "reelay.emulators.videogenapi.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VideoGenApiEmulatorController {

  static final String DEFAULT_MODEL = "sora-2";
  private static final Set<String> RESOLUTIONS = Set.of("480p", "720p", "1080p");
  private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "4:3", "3:4", "1:1", "21:9", "9:21");
  private static final int MAX_PROMPT_LENGTH = 1000;
  private static final int MIN_DURATION = 5;
  private static final int MAX_DURATION = 60;
  private static final int MAX_REFERENCE_IMAGES = 5;
  private static final int MAX_PAGE_SIZE = 100;
  private static final long EXPIRING_URL_TTL_MILLIS = 1000;
  // H.264 level 4.0 (all the renderer promises): at most 8192 16x16 macroblocks a frame.
  private static final int MAX_MACROBLOCKS = 8192;
  private static final int CAPPED_LONG_SIDE = 1920;

  /** The models the documentation names: key -> {display name, maker}. */
  static final Map<String, String[]> MODELS =
      Map.ofEntries(
          Map.entry("kling_25", new String[] {"Kling 2.5", "Kuaishou"}),
          Map.entry("kling_2_1", new String[] {"Kling 2.1", "Kuaishou"}),
          Map.entry("kling-3", new String[] {"Kling 3", "Kuaishou"}),
          Map.entry("higgsfield", new String[] {"Higgsfield", "Higgsfield"}),
          Map.entry("higgsfield_v1", new String[] {"Higgsfield v1", "Higgsfield"}),
          Map.entry("veo_3", new String[] {"Veo 3", "Google"}),
          Map.entry("veo3", new String[] {"Veo 3", "Google"}),
          Map.entry("veo2", new String[] {"Veo 2", "Google"}),
          Map.entry("veo-31", new String[] {"Veo 3.1", "Google"}),
          Map.entry("sora-2", new String[] {"Sora 2", "OpenAI"}),
          Map.entry("seedance-2", new String[] {"Seedance 2", "ByteDance"}),
          Map.entry("nanobanana-video", new String[] {"Nano Banana Video", "Google"}),
          Map.entry("ltxv-2", new String[] {"LTXV 2", "Lightricks"}),
          Map.entry("ltxv-13b", new String[] {"LTXV 13B", "Lightricks"}),
          Map.entry("wan-25", new String[] {"Wan 2.5", "Alibaba"}));

  private final VideoGenApiJobStore store;
  private final VideoGenApiVideos videos;
  private final VideoGenApiVideoUrls urls;
  private final VideoGenApiImages images;
  private final JsonMapper json;
  private final Environment environment;
  private final byte[] apiKey;
  private final long defaultDelayMillis;
  private final long urlTtlMillis;
  private final long hourlyLimit;
  private final long monthlyLimit;
  private final long throttleResetSeconds;
  private final SecureRandom random = new SecureRandom();

  public VideoGenApiEmulatorController(
      VideoGenApiJobStore store,
      VideoGenApiVideos videos,
      VideoGenApiVideoUrls urls,
      JsonMapper json,
      Environment environment,
      @Value("${reelay.emulators.videogenapi.api-key:videogenapi-test-key}") String apiKey,
      @Value("${reelay.emulators.videogenapi.delay-seconds:5}") double delaySeconds,
      @Value("${reelay.emulators.videogenapi.url-ttl-seconds:3600}") long urlTtlSeconds,
      @Value("${reelay.emulators.videogenapi.hourly-limit:1000}") long hourlyLimit,
      @Value("${reelay.emulators.videogenapi.monthly-limit:1000}") long monthlyLimit,
      @Value("${reelay.emulators.videogenapi.throttle-reset-seconds:3}") long throttleResetSeconds,
      @Value("${reelay.emulators.videogenapi.max-image-bytes:10485760}") long maxImageBytes) {
    this.store = store;
    this.videos = videos;
    this.urls = urls;
    this.images = new VideoGenApiImages(maxImageBytes);
    this.json = json;
    this.environment = environment;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    this.defaultDelayMillis = Math.round(delaySeconds * 1000);
    this.urlTtlMillis = urlTtlSeconds * 1000;
    this.hourlyLimit = hourlyLimit;
    this.monthlyLimit = monthlyLimit;
    this.throttleResetSeconds = throttleResetSeconds;
  }

  @Post("/api/v1/generate")
  public HttpResponse<?> generate(HttpRequest<?> request, @Nullable @Body String body) {
    return guarded(request, () -> generate(body));
  }

  @Get("/api/v1/status/{generationId}")
  public HttpResponse<?> status(HttpRequest<?> request, @PathVariable String generationId) {
    return guarded(request, () -> status(generationId, EmulatorHosts.of(request)));
  }

  @Get("/api/v1/video/{generationId}")
  public HttpResponse<?> video(
      HttpRequest<?> request,
      @PathVariable String generationId,
      @Nullable @QueryValue String expires,
      @Nullable @QueryValue String signature) {
    return guarded(request, () -> video(store, videos, urls, generationId, expires, signature));
  }

  @Get("/api/v1/generations")
  public HttpResponse<?> generations(
      HttpRequest<?> request, @Nullable @QueryValue String page, @Nullable @QueryValue String limit) {
    return guarded(request, () -> list(page, limit, EmulatorHosts.of(request)));
  }

  @Get("/api/v1/user")
  public HttpResponse<?> user(HttpRequest<?> request) {
    return guarded(
        request,
        () -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("success", true);
          body.put("user", Map.of("plan", "emulator", "total_generations", store.count()));
          body.put("usage", usage(store.monthUsage()));
          return HttpResponse.ok(body);
        });
  }

  private MutableHttpResponse<?> guarded(HttpRequest<?> request, Supplier<MutableHttpResponse<?>> handler) {
    if (!authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
      return error(HttpStatus.UNAUTHORIZED, "Unauthorized", "Invalid or missing API key");
    }
    return handler.get();
  }

  private MutableHttpResponse<?> generate(@Nullable String body) {
    JsonNode fields;
    try {
      fields = body == null || body.isBlank() ? null : json.readValue(body, JsonNode.class);
    } catch (IOException e) {
      return invalid("Request body is not valid JSON");
    }
    if (fields == null || !fields.isObject()) {
      return invalid("Request body must be a JSON object");
    }
    JsonNode promptField = fields.get("prompt");
    if (promptField == null || promptField.isNull() || (promptField.isString() && promptField.getStringValue().isBlank())) {
      return invalid("prompt is required");
    }
    if (!promptField.isString()) {
      return invalid("prompt must be a string");
    }
    String prompt = promptField.getStringValue();
    if (prompt.length() > MAX_PROMPT_LENGTH) {
      return invalid("prompt must be at most " + MAX_PROMPT_LENGTH + " characters");
    }
    String model = string(fields.get("model"), DEFAULT_MODEL);
    if (model == null || !MODELS.containsKey(model)) {
      return invalid("model must be one of " + String.join(", ", MODELS.keySet().stream().sorted().toList()));
    }
    Long duration = integer(fields.get("duration"), MIN_DURATION);
    if (duration == null || duration < MIN_DURATION || duration > MAX_DURATION) {
      return invalid("duration must be an integer between " + MIN_DURATION + " and " + MAX_DURATION + " seconds");
    }
    String resolution = string(fields.get("resolution"), "720p");
    if (!RESOLUTIONS.contains(String.valueOf(resolution))) {
      return invalid("resolution must be one of 480p, 720p, 1080p for " + model);
    }
    String aspectRatio = string(fields.get("aspect_ratio"), "16:9");
    if (!ASPECT_RATIOS.contains(String.valueOf(aspectRatio))) {
      return invalid("aspect_ratio must be one of 16:9, 9:16, 4:3, 3:4, 1:1, 21:9, 9:21");
    }
    Long seed = integer(fields.get("seed"), -1);
    if (seed == null || seed < -1) {
      return invalid("seed must be an integer (-1 for random)");
    }
    Boolean cameraFixed = bool(fields.get("camera_fixed"));
    Boolean addAudio = bool(fields.get("add_audio"));
    if (cameraFixed == null || addAudio == null) {
      return invalid((cameraFixed == null ? "camera_fixed" : "add_audio") + " must be a boolean");
    }
    String audioPrompt = string(fields.get("audio_prompt"), null);
    if (fields.get("audio_prompt") != null && !fields.get("audio_prompt").isNull() && audioPrompt == null) {
      return invalid("audio_prompt must be a string");
    }
    String imageUrl = string(fields.get("image_url"), null);
    if (fields.get("image_url") != null && !fields.get("image_url").isNull()
        && (imageUrl == null || !VideoGenApiImages.httpUrl(imageUrl))) {
      return invalid("image_url must be an http(s) URL");
    }
    List<String> referenceUrls = new ArrayList<>();
    JsonNode referencesField = fields.get("reference_image_urls");
    if (referencesField != null && !referencesField.isNull()) {
      if (!referencesField.isArray() || referencesField.size() < 1 || referencesField.size() > MAX_REFERENCE_IMAGES) {
        return invalid("reference_image_urls must be an array of 1 to " + MAX_REFERENCE_IMAGES + " image URLs");
      }
      for (JsonNode reference : referencesField.values()) {
        if (!reference.isString() || !VideoGenApiImages.httpUrl(reference.getStringValue())) {
          return invalid("reference_image_urls must contain only http(s) URLs");
        }
        referenceUrls.add(reference.getStringValue());
      }
    }

    VideoGenApiMarkers markers = VideoGenApiMarkers.in(prompt);
    if (markers.insufficientCredits()) {
      return error(
          HttpStatus.PAYMENT_REQUIRED,
          "Insufficient credits",
          "Your plan has no generations left this month. Upgrade your plan or buy credits.");
    }
    long limit = hourlyLimit(model);
    if (markers.throttledSubmissions() > 0 && store.takeThrottle(prompt, markers.throttledSubmissions())) {
      long now = System.currentTimeMillis();
      return rateLimited(model, limit, limit, now + throttleResetSeconds * 1000, now);
    }

    // download what the prompt refers to, as the real service must before it can render
    long imageBytes = 0;
    String imageAspect = null;
    try {
      if (imageUrl != null) {
        VideoGenApiImages.Image first = images.fetch("image_url", imageUrl);
        imageBytes += first.size();
        imageAspect = first.aspectRatio();
      }
      for (int i = 0; i < referenceUrls.size(); i++) {
        imageBytes += images.fetch("reference_image_urls[" + i + "]", referenceUrls.get(i)).size();
      }
    } catch (VideoGenApiImages.Rejected rejected) {
      return rejected.status == 413
          ? error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Image too large", rejected.getMessage())
          : invalid(rejected.getMessage());
    }
    int imageCount = (imageUrl != null ? 1 : 0) + referenceUrls.size();
    String type = imageCount > 0 ? "image-to-video" : "text-to-video";
    if (imageUrl != null) {
      // aspect_ratio is for text-to-video only: the video follows the image
      aspectRatio = imageAspect != null ? imageAspect : "16:9";
    } else if (model.equals("veo-31") && referenceUrls.size() >= 3) {
      aspectRatio = "16:9"; // documented: reference mode forces 16:9
    }
    int[] size = dimensions(aspectRatio, resolution);
    VideoGenApiJob job =
        new VideoGenApiJob(
            generationId(),
            UUID.randomUUID().toString(),
            model,
            type,
            prompt,
            duration.intValue(),
            resolution,
            aspectRatio,
            size[0],
            size[1],
            // -1 asks for a random seed; one derived from the prompt keeps tests reproducible
            seed == -1 ? prompt.hashCode() & 0x7fffffffL : seed,
            cameraFixed,
            addAudio,
            audioPrompt,
            imageCount,
            imageBytes,
            markers.delaySeconds().isPresent() ? markers.delaySeconds().getAsLong() * 1000 : defaultDelayMillis,
            markers.fail() ? VideoGenApiJob.FAIL : markers.never() ? VideoGenApiJob.NEVER : VideoGenApiJob.COMPLETE,
            markers.expireUrl() ? EXPIRING_URL_TTL_MILLIS : urlTtlMillis,
            markers.serverErrorPolls(),
            0,
            0);
    VideoGenApiJobStore.Admission admission = store.insertWithinLimit(job, limit);
    if (admission instanceof VideoGenApiJobStore.OverLimit over) {
      return rateLimited(model, over.currentUsage(), limit, over.resetAtMillis(), over.nowMillis());
    }
    VideoGenApiJobStore.Accepted accepted = (VideoGenApiJobStore.Accepted) admission;
    VideoGenApiJob stored = accepted.job();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("success", true);
    view.put("generation_id", stored.id());
    view.put("request_id", stored.requestId());
    view.put("status", "pending");
    view.put("type", stored.type());
    view.put("model", modelView(stored.model()));
    view.put("prompt", stored.prompt());
    view.put("duration", stored.durationSeconds());
    view.put("resolution", stored.resolution());
    view.put("style", "realistic");
    view.put("fps", SimVideoRenderer.FPS);
    view.put("aspect_ratio", stored.aspectRatio());
    view.put("seed", stored.seed());
    view.put("status_url", "/v1/status/" + stored.id());
    view.put("message", "Video generation request submitted successfully.");
    view.put("usage", usage(accepted.monthUsage()));
    return HttpResponse.ok(view);
  }

  private MutableHttpResponse<?> status(String generationId, String host) {
    // a burst of transient failures, as a client's retry policy has to survive them
    if (store.takeServerError(generationId)) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", "Please try again later");
    }
    return store
        .find(generationId)
        .<MutableHttpResponse<?>>map(job -> HttpResponse.ok(view(job, host)))
        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "Not found", "Generation not found"));
  }

  private MutableHttpResponse<?> list(@Nullable String pageParam, @Nullable String limitParam, String host) {
    Integer page = positive(pageParam, 1);
    Integer limit = positive(limitParam, 10);
    if (page == null || limit == null || limit > MAX_PAGE_SIZE) {
      return invalid("page must be a positive integer and limit an integer between 1 and " + MAX_PAGE_SIZE);
    }
    long total = store.count();
    List<Map<String, Object>> generations =
        store.page(limit, (long) (page - 1) * limit).stream().map(job -> view(job, host)).toList();
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("page", page);
    pagination.put("limit", limit);
    pagination.put("total", total);
    pagination.put("total_pages", (total + limit - 1) / limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("generations", generations);
    body.put("pagination", pagination);
    return HttpResponse.ok(body);
  }

  private Map<String, Object> view(VideoGenApiJob job, String host) {
    String status = job.status();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("success", true);
    view.put("generation_id", job.id());
    view.put("status", status);
    view.put("type", job.type());
    view.put("model", modelView(job.model()));
    if (status.equals("completed")) {
      videos.prepare(job); // so the first download finds the file (nearly) ready
      long expires = System.currentTimeMillis() + job.urlTtlMillis();
      view.put("video_url", urls.issue(host, job, VideoGenApiMarkers.in(job.prompt()).storageUrl(), expires));
    }
    view.put("prompt", job.prompt());
    view.put("duration", job.durationSeconds());
    view.put("resolution", job.resolution());
    view.put("style", "realistic");
    view.put("fps", SimVideoRenderer.FPS);
    view.put("aspect_ratio", job.aspectRatio());
    if (status.equals("completed")) {
      view.put("processing_time", job.delayMillis() / 1000);
      view.put("completed_at", job.completedAt());
    }
    view.put("seed", job.seed());
    if (status.equals("failed")) {
      view.put("error", "Generation failed");
      view.put("message", "The model could not render this prompt");
    }
    return view;
  }

  /** Serves a job's video behind a signed link (shared with the storage path). */
  static MutableHttpResponse<?> video(
      VideoGenApiJobStore store,
      VideoGenApiVideos videos,
      VideoGenApiVideoUrls urls,
      String generationId,
      @Nullable String expires,
      @Nullable String signature) {
    VideoGenApiJob job = store.find(generationId).orElse(null);
    if (job == null || !job.status().equals("completed")) {
      return error(HttpStatus.NOT_FOUND, "Not found", "Video not found");
    }
    if (!urls.genuine(generationId, expires, signature)) {
      return error(HttpStatus.FORBIDDEN, "Forbidden", "Invalid video URL signature");
    }
    if (VideoGenApiVideoUrls.expired(expires, System.currentTimeMillis())) {
      return error(HttpStatus.FORBIDDEN, "Video URL expired", "Check the generation status again for a fresh video_url");
    }
    try {
      return HttpResponse.ok(new SystemFile(videos.file(job).toFile(), MediaType.of("video/mp4")));
    } catch (IOException e) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", "Please try again later");
    }
  }

  private long hourlyLimit(String model) {
    return environment
        .getProperty("reelay.emulators.videogenapi.hourly-limits." + model, Long.class)
        .orElse(hourlyLimit);
  }

  private Map<String, Object> usage(long monthUsage) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("current_month_usage", monthUsage);
    usage.put("monthly_limit", monthlyLimit);
    return usage;
  }

  private static Map<String, Object> modelView(String key) {
    String[] model = MODELS.get(key);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("key", key);
    view.put("name", model[0]);
    view.put("provider", model[1]);
    return view;
  }

  /** The documented model rate limit answer: 429 with when the window frees up. */
  private static MutableHttpResponse<?> rateLimited(
      String model, long usage, long limit, long resetAtMillis, long nowMillis) {
    String name = MODELS.get(model)[0];
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("current_usage", usage);
    details.put("limit", limit);
    details.put("window", "1 hour");
    details.put("reset_time", VideoGenApiJob.timestamp(resetAtMillis));
    details.put("seconds_until_reset", Math.max(1, (resetAtMillis - nowMillis + 999) / 1000));
    details.put("upgrade_required", false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", name + " rate limit exceeded");
    body.put("message", "The " + name + " model is limited to " + limit + " generations per hour.");
    body.put("details", details);
    return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).body(body);
  }

  /**
   * Frame size: the short side is the resolution's, the long side follows the aspect ratio
   * (rounded to even); frames beyond H.264 level 4.0 (21:9 and 9:21 at 1080p) are scaled down to
   * a long side of 1920.
   *
   * @return {width, height}
   */
  static int[] dimensions(String aspectRatio, String resolution) {
    int shortSide =
        switch (resolution) {
          case "480p" -> 480;
          case "1080p" -> 1080;
          default -> 720;
        };
    int[] ratio =
        switch (aspectRatio) {
          case "9:16" -> new int[] {9, 16};
          case "4:3" -> new int[] {4, 3};
          case "3:4" -> new int[] {3, 4};
          case "1:1" -> new int[] {1, 1};
          case "21:9" -> new int[] {21, 9};
          case "9:21" -> new int[] {9, 21};
          default -> new int[] {16, 9};
        };
    int small = Math.min(ratio[0], ratio[1]);
    int large = Math.max(ratio[0], ratio[1]);
    int longSide = even(shortSide * (double) large / small);
    if (((longSide + 15) / 16) * ((shortSide + 15) / 16) > MAX_MACROBLOCKS) {
      shortSide = even(CAPPED_LONG_SIDE * (double) small / large);
      longSide = CAPPED_LONG_SIDE;
    }
    return ratio[0] >= ratio[1] ? new int[] {longSide, shortSide} : new int[] {shortSide, longSide};
  }

  private static int even(double value) {
    return 2 * (int) Math.round(value / 2);
  }

  /** Like the documentation's ids: "gen_" + 13 hex digits of the time + "_" + 6 random digits. */
  private String generationId() {
    long micros = System.currentTimeMillis() * 1000 + random.nextInt(1000);
    return String.format(Locale.ROOT, "gen_%08x%05x_%06d", micros / 1_000_000, micros % 1_000_000, random.nextInt(1_000_000));
  }

  private boolean authorized(@Nullable String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return false;
    }
    String scheme = authorization.substring(0, 7);
    byte[] token = authorization.substring(7).getBytes(StandardCharsets.UTF_8);
    return scheme.toLowerCase(Locale.ROOT).equals("bearer ") && MessageDigest.isEqual(apiKey, token);
  }

  /** A string field, its default when absent or null, or null when it is not a string. */
  @Nullable
  private static String string(@Nullable JsonNode field, @Nullable String defaultValue) {
    if (field == null || field.isNull()) {
      return defaultValue;
    }
    return field.isString() ? field.getStringValue() : null;
  }

  /** A boolean field, false when absent or null, or null when it is not a boolean. */
  @Nullable
  private static Boolean bool(@Nullable JsonNode field) {
    if (field == null || field.isNull()) {
      return false;
    }
    return field.isBoolean() ? field.getBooleanValue() : null;
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

  /** A query parameter as a positive int, its default when absent, or null when invalid. */
  @Nullable
  private static Integer positive(@Nullable String value, int defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    if (!value.matches("[1-9]\\d{0,8}")) {
      return null;
    }
    return Integer.parseInt(value);
  }

  private static MutableHttpResponse<?> invalid(String message) {
    return error(HttpStatus.BAD_REQUEST, "Invalid request", message);
  }

  static MutableHttpResponse<?> error(HttpStatus status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", error);
    body.put("message", message);
    return HttpResponse.status(status).body(body);
  }
}
