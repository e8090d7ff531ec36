package io.reelay.emulators.venice;

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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test double of Venice's asynchronous video API (shared/providers/venice.md), served under
 * {@code /emulators/venice} so a Venice client pointed at {@code http://<this server>/emulators/venice}
 * instead of {@code https://api.venice.ai} finds {@code /api/v1/video/...} there. Every endpoint is
 * a POST with a JSON body; jobs live in PostgreSQL ({@code venice_emulator_jobs}).
 *
 * <ul>
 *   <li>{@code quote}: {@code model}, {@code duration} ("5s" or "10s"), {@code resolution}
 *       ("720p" default, "1080p"), {@code aspect_ratio}, {@code audio} → {@code {"quote", "currency"}},
 *       priced by {@link VeniceModel}.
 *   <li>{@code queue}: the quote's fields plus {@code prompt} (required, at most 2500 characters),
 *       {@code negative_prompt}, {@code seed} (an integer; default derived from the prompt) and
 *       {@code image_url} (a base64 data URI or an http(s) URL the emulator downloads; the bytes
 *       must be JPEG, PNG or WebP, at most 10 MiB). Image-only models require it, text-only models
 *       refuse it. Answers {@code {"queueid", "status": "queued"}}.
 *   <li>{@code retrieve}: {@code model} and {@code queueid} of a job this key queued, else 404 (a
 *       wrong model is a 404 too). While the job runs: {@code {"status": "queued"}}, then
 *       {@code {"status": "processing", "executionDuration", "estimatedDuration"}} in
 *       milliseconds; a failed job: {@code {"status": "failed", "error"}}; a finished one: the MP4
 *       itself, {@code Content-Type: video/mp4} with its Content-Length. With {@code
 *       delete_media_on_completion: true} a retrieve that delivered the whole video deletes it.
 *   <li>{@code complete}: {@code model} and {@code queueid}; deletes the job's media, after which
 *       retrieve and complete answer 404.
 * </ul>
 *
 * <p>Every endpoint needs {@code Authorization: Bearer <key>} with one of {@code
 * reelay.emulators.venice.api-keys} (default "venice-test-key"), else 401; jobs belong to the
 * key that queued them. Errors are {@code {"error": "..."}}, and invalid input (400) adds {@code
 * "details": {"<field>": {"_errors": ["..."]}}}. Per key, over a sliding window of {@code
 * rate-window-seconds} (default 60), queue is limited to {@code queue-per-minute} (default 40) and
 * retrieve to {@code retrieve-per-minute} (default 120) requests; beyond that they answer 429 with
 * Retry-After and "Try again in N seconds". Both carry X-RateLimit-Limit and -Remaining.
 *
 * <p>A job finishes {@code reelay.emulators.venice.delay-seconds} (default 5) after it was
 * queued, spending the first tenth of that queued. Markers in the prompt steer it:
 *
 * <ul>
 *   <li>{@code [venice:fail]}: the job ends failed with an error message.
 *   <li>{@code [venice:never]}: the job stays processing forever.
 *   <li>{@code [venice:delay=N]}: the job finishes (or fails) after N seconds.
 *   <li>{@code [venice:5xx=N]}: the first N retrieves of the job answer 500.
 *   <li>{@code [venice:429]}: the first queue of this exact prompt answers 429 with Retry-After: 2.
 *   <li>{@code [venice:402]}: queue answers 402, insufficient balance.
 *   <li>{@code [venice:pad=N]}: the video carries N MiB (at most 1024) of padding in a trailing MP4
 *       {@code free} box, to test clients with a large video.
 * </ul>
 */
@Controller("/emulators/venice/api/v1/video")
@Requires(property = "reelay.emulators.venice.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VeniceEmulatorController {

  private static final Logger log = LoggerFactory.getLogger(VeniceEmulatorController.class);

  private static final Set<String> DURATIONS = Set.of("5s", "10s");
  private static final Set<String> RESOLUTIONS = Set.of("720p", "1080p");
  private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");
  private static final int MAX_PROMPT_CHARS = 2500;
  private static final long MAX_SEED = 1L << 53;
  private static final long THROTTLE_RETRY_AFTER_SECONDS = 2;
  private static final MediaType MP4 = MediaType.of("video/mp4");

  private final VeniceJobStore jobs;
  private final VeniceVideos videos;
  private final JsonMapper json;
  private final Set<String> keyHashes;
  private final long defaultDelayMillis;
  private final VeniceRateLimits queueLimits;
  private final VeniceRateLimits retrieveLimits;
  private final VeniceImages images = new VeniceImages();
  private final Set<String> throttledPrompts = ConcurrentHashMap.newKeySet();

  public VeniceEmulatorController(
      VeniceJobStore jobs,
      VeniceVideos videos,
      JsonMapper json,
      @Value("${reelay.emulators.venice.api-keys:venice-test-key}") List<String> apiKeys,
      @Value("${reelay.emulators.venice.delay-seconds:5}") double delaySeconds,
      @Value("${reelay.emulators.venice.queue-per-minute:40}") int queuePerMinute,
      @Value("${reelay.emulators.venice.retrieve-per-minute:120}") int retrievePerMinute,
      @Value("${reelay.emulators.venice.rate-window-seconds:60}") double rateWindowSeconds) {
    this.jobs = jobs;
    this.videos = videos;
    this.json = json;
    this.keyHashes = apiKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).map(VeniceEmulatorController::sha256).collect(Collectors.toSet());
    this.defaultDelayMillis = Math.round(delaySeconds * 1000);
    long windowMillis = Math.round(rateWindowSeconds * 1000);
    this.queueLimits = new VeniceRateLimits(queuePerMinute, windowMillis);
    this.retrieveLimits = new VeniceRateLimits(retrievePerMinute, windowMillis);
  }

  @Post("/quote")
  public HttpResponse<?> quote(HttpRequest<?> request, @Nullable @Body String body) {
    String owner = owner(request);
    if (owner == null) {
      return unauthorized();
    }
    try {
      JsonNode fields = object(body);
      String model = model(fields);
      Options options = options(fields);
      BigDecimal price = VeniceModel.of(model).price(options.seconds(), options.resolution(), options.audio());
      Map<String, Object> quote = new LinkedHashMap<>();
      quote.put("quote", price);
      quote.put("currency", "USD");
      return HttpResponse.ok(quote);
    } catch (Invalid e) {
      return e.response();
    }
  }

  @Post("/queue")
  public HttpResponse<?> queue(HttpRequest<?> request, @Nullable @Body String body) {
    String owner = owner(request);
    if (owner == null) {
      return unauthorized();
    }
    VeniceRateLimits.Decision limit = queueLimits.charge(owner, System.currentTimeMillis());
    return withLimitHeaders(limit.allowed() ? queue(owner, body) : rateLimited(limit.retryAfterSeconds()), limit);
  }

  @Post("/retrieve")
  public HttpResponse<?> retrieve(HttpRequest<?> request, @Nullable @Body String body) {
    String owner = owner(request);
    if (owner == null) {
      return unauthorized();
    }
    VeniceRateLimits.Decision limit = retrieveLimits.charge(owner, System.currentTimeMillis());
    return withLimitHeaders(limit.allowed() ? retrieve(owner, body) : rateLimited(limit.retryAfterSeconds()), limit);
  }

  @Post("/complete")
  public HttpResponse<?> complete(HttpRequest<?> request, @Nullable @Body String body) {
    String owner = owner(request);
    if (owner == null) {
      return unauthorized();
    }
    try {
      JsonNode fields = object(body);
      VeniceJob job = ownJob(owner, fields, false);
      if (job == null || !jobs.delete(job.queueId())) {
        return notFound();
      }
      deleteFile(job);
      return HttpResponse.ok(Map.of("success", true));
    } catch (Invalid e) {
      return e.response();
    }
  }

  private MutableHttpResponse<?> queue(String owner, @Nullable String body) {
    try {
      JsonNode fields = object(body);
      String model = model(fields);
      VeniceModel capabilities = VeniceModel.of(model);
      String prompt = text(fields, "prompt", true);
      String negativePrompt = text(fields, "negative_prompt", false);
      Options options = options(fields);
      Long seed = seed(fields.get("seed"));
      JsonNode imageField = fields.get("image_url");
      String imageUrl = null;
      if (imageField != null && !imageField.isNull()) {
        if (!imageField.isString() || imageField.getStringValue().isBlank()) {
          throw Invalid.field("image_url", "image_url must be a non-empty string");
        }
        imageUrl = imageField.getStringValue();
      }
      if (imageUrl == null && !capabilities.textToVideo()) {
        throw Invalid.field("image_url", model + " is an image-to-video model: image_url is required");
      }
      if (imageUrl != null && !capabilities.imageToVideo()) {
        throw Invalid.field("image_url", model + " is a text-to-video model: it does not take image_url");
      }

      VeniceMarkers markers = VeniceMarkers.in(prompt);
      if (markers.insufficientBalance()) {
        BigDecimal price = capabilities.price(options.seconds(), options.resolution(), options.audio());
        return error(HttpStatus.PAYMENT_REQUIRED, "Insufficient balance: this video costs $" + price.toPlainString());
      }
      if (markers.throttleOnce() && throttledPrompts.add(prompt)) {
        return rateLimited(THROTTLE_RETRY_AFTER_SECONDS);
      }
      VeniceImages.InputImage image = null;
      if (imageUrl != null) {
        try {
          image = images.read(imageUrl);
        } catch (VeniceImages.Rejected e) {
          throw Invalid.field("image_url", e.getMessage());
        }
      }

      VeniceJob job =
          new VeniceJob(
              UUID.randomUUID().toString(),
              owner,
              model,
              prompt,
              negativePrompt,
              options.seconds(),
              options.resolution(),
              options.aspectRatio(),
              options.audio(),
              // no seed asks for a random one; one derived from the prompt keeps tests reproducible
              seed != null ? seed : prompt.hashCode() & 0xffffffffL,
              image == null ? null : image.contentType(),
              image == null ? null : image.sizeBytes(),
              image == null ? null : image.source(),
              markers.delaySeconds().isPresent() ? markers.delaySeconds().getAsLong() * 1000 : defaultDelayMillis,
              markers.fail() ? VeniceJob.FAIL : markers.never() ? VeniceJob.NEVER : VeniceJob.COMPLETE,
              markers.serverErrorRetrieves(),
              markers.paddingMebibytes() * 1024L * 1024L,
              false,
              0);
      jobs.insert(job);
      Map<String, Object> accepted = new LinkedHashMap<>();
      accepted.put("queueid", job.queueId());
      accepted.put("status", "queued");
      return HttpResponse.ok(accepted);
    } catch (Invalid e) {
      return e.response();
    }
  }

  private MutableHttpResponse<?> retrieve(String owner, @Nullable String body) {
    try {
      JsonNode fields = object(body);
      JsonNode deleteField = fields.get("delete_media_on_completion");
      if (deleteField != null && !deleteField.isNull() && !deleteField.isBoolean()) {
        throw Invalid.field("delete_media_on_completion", "delete_media_on_completion must be a boolean");
      }
      boolean deleteOnCompletion = deleteField != null && deleteField.isBoolean() && deleteField.getBooleanValue();
      VeniceJob job = ownJob(owner, fields, true);
      if (job == null) {
        return notFound();
      }
      // a burst of transient failures, as a client's retry policy has to survive them
      if (job.serverErrorsLeft() > 0 && jobs.takeServerError(job.queueId())) {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
      }
      VeniceJob.Status status = job.status();
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("status", status.status());
      switch (status.status()) {
        case "queued" -> {
          return HttpResponse.ok(view);
        }
        case "processing" -> {
          if (job.outcome().equals(VeniceJob.COMPLETE)) {
            // render while the client waits, so the retrieve that finds it done need not
            videos.prepare(job);
          }
          view.put("executionDuration", status.executionMillis());
          view.put("estimatedDuration", status.estimatedMillis());
          return HttpResponse.ok(view);
        }
        case "failed" -> {
          view.put("error", "Video generation failed: the model could not render this prompt");
          return HttpResponse.ok(view);
        }
        default -> {
          return video(job, deleteOnCompletion);
        }
      }
    } catch (Invalid e) {
      return e.response();
    }
  }

  /** The finished video, streamed; what reaches the client is counted when the stream closes. */
  private MutableHttpResponse<?> video(VeniceJob job, boolean deleteOnCompletion) {
    Path file;
    long fileBytes;
    try {
      file = videos.file(job);
      fileBytes = Files.size(file);
    } catch (IOException e) {
      log.warn("venice emulator could not render {}: {}", job.queueId(), e.getMessage());
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
    }
    long length = fileBytes + (job.paddingBytes() > 0 ? 8 + job.paddingBytes() : 0);
    InputStream content;
    try {
      content = Files.newInputStream(file);
    } catch (IOException e) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
    }
    if (job.paddingBytes() > 0) {
      content = new SequenceInputStream(content, new FreeBox(job.paddingBytes()));
    }
    InputStream counted =
        new CountingInputStream(
            content,
            sent -> {
              jobs.videoSent(job.queueId(), sent);
              if (deleteOnCompletion && sent == length && jobs.delete(job.queueId())) {
                deleteFile(job);
              }
            });
    return HttpResponse.ok(new StreamedFile(counted, MP4, 0, length));
  }

  /** The job named by model + queueid if this key queued it and its media still exists. */
  @Nullable
  private VeniceJob ownJob(String owner, JsonNode fields, boolean countRetrieve) throws Invalid {
    String model = text(fields, "model", true);
    String queueId = text(fields, "queueid", true);
    VeniceJob job = (countRetrieve ? jobs.retrieved(queueId) : jobs.find(queueId)).orElse(null);
    if (job == null || !job.owner().equals(owner) || !job.model().equals(model) || job.deleted()) {
      return null;
    }
    return job;
  }

  private void deleteFile(VeniceJob job) {
    if (!job.outcome().equals(VeniceJob.COMPLETE)) {
      return; // nothing was rendered
    }
    videos.prepare(job).thenAccept(path -> {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a leftover file in a test double's data directory is harmless
      }
    });
  }

  // ---- request parsing

  /** The options quote and queue share. */
  private record Options(int seconds, String resolution, String aspectRatio, boolean audio) {}

  private static Options options(JsonNode fields) throws Invalid {
    String duration = text(fields, "duration", true);
    if (!DURATIONS.contains(duration)) {
      throw Invalid.field("duration", "duration must be \"5s\" or \"10s\"");
    }
    String resolution = text(fields, "resolution", false);
    resolution = resolution == null ? "720p" : resolution;
    if (!RESOLUTIONS.contains(resolution)) {
      throw Invalid.field("resolution", "resolution must be \"720p\" or \"1080p\"");
    }
    String aspectRatio = text(fields, "aspect_ratio", false);
    aspectRatio = aspectRatio == null ? "16:9" : aspectRatio;
    if (!ASPECT_RATIOS.contains(aspectRatio)) {
      throw Invalid.field("aspect_ratio", "aspect_ratio must be \"16:9\", \"9:16\" or \"1:1\"");
    }
    JsonNode audio = fields.get("audio");
    if (audio != null && !audio.isNull() && !audio.isBoolean()) {
      throw Invalid.field("audio", "audio must be a boolean");
    }
    return new Options(
        Integer.parseInt(duration.substring(0, duration.length() - 1)),
        resolution,
        aspectRatio,
        audio != null && audio.isBoolean() && audio.getBooleanValue());
  }

  private static String model(JsonNode fields) throws Invalid {
    String model = text(fields, "model", true);
    if (VeniceModel.of(model) == null) {
      throw Invalid.field("model", "Invalid model: " + model.substring(0, Math.min(100, model.length())));
    }
    return model;
  }

  private JsonNode object(@Nullable String body) throws Invalid {
    JsonNode fields;
    try {
      fields = body == null || body.isBlank() ? null : json.readValue(body, JsonNode.class);
    } catch (IOException e) {
      throw new Invalid("Invalid request: the body is not valid JSON", null);
    }
    if (fields == null || !fields.isObject()) {
      throw new Invalid("Invalid request: the body must be a JSON object", null);
    }
    return fields;
  }

  /** A string field; required ones must be non-blank, and no field may outgrow a prompt. */
  @Nullable
  private static String text(JsonNode fields, String name, boolean required) throws Invalid {
    JsonNode field = fields.get(name);
    if (field == null || field.isNull()) {
      if (required) {
        throw Invalid.field(name, name + " is required");
      }
      return null;
    }
    if (!field.isString() || (required && field.getStringValue().isBlank())) {
      throw Invalid.field(name, name + " must be a non-empty string");
    }
    if (field.getStringValue().length() > MAX_PROMPT_CHARS) {
      throw Invalid.field(name, name + " must be at most " + MAX_PROMPT_CHARS + " characters");
    }
    return field.getStringValue();
  }

  @Nullable
  private static Long seed(@Nullable JsonNode field) throws Invalid {
    if (field == null || field.isNull()) {
      return null;
    }
    if (field.isNumber()) {
      double value = field.getNumberValue().doubleValue();
      if (value == Math.rint(value) && Math.abs(value) <= MAX_SEED) {
        return field.getNumberValue().longValue();
      }
    }
    throw Invalid.field("seed", "seed must be an integer");
  }

  /** A refused request: 400 with the field at fault, as the queue's validation reports it. */
  private static final class Invalid extends Exception {
    private final String field;

    Invalid(String message, @Nullable String field) {
      super(message, null, false, false);
      this.field = field;
    }

    static Invalid field(String field, String message) {
      return new Invalid(message, field);
    }

    MutableHttpResponse<?> response() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", getMessage());
      if (field != null) {
        body.put("details", Map.of(field, Map.of("_errors", List.of(getMessage()))));
      }
      return HttpResponse.status(HttpStatus.BAD_REQUEST).body(body);
    }
  }

  // ---- authentication, limits and error answers

  /** The caller's identity (the hash of a configured key), or null when unauthenticated. */
  @Nullable
  private String owner(HttpRequest<?> request) {
    String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    // comparing digests: how long the comparison takes says nothing about the key
    String hash = sha256(authorization.substring("Bearer ".length()).trim());
    return keyHashes.contains(hash) ? hash : null;
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MutableHttpResponse<?> withLimitHeaders(MutableHttpResponse<?> response, VeniceRateLimits.Decision limit) {
    return response
        .header("X-RateLimit-Limit", String.valueOf(limit.limit()))
        .header("X-RateLimit-Remaining", String.valueOf(limit.remaining()));
  }

  private static MutableHttpResponse<?> rateLimited(long retryAfterSeconds) {
    return error(HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded. Try again in " + retryAfterSeconds + " seconds.")
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
  }

  private static MutableHttpResponse<?> unauthorized() {
    return error(HttpStatus.UNAUTHORIZED, "Authentication failed: invalid or missing API key");
  }

  private static MutableHttpResponse<?> notFound() {
    return error(HttpStatus.NOT_FOUND, "No video found for this model and queueid");
  }

  private static MutableHttpResponse<?> error(HttpStatus status, String message) {
    return HttpResponse.status(status).body(Map.of("error", message));
  }

  // ---- streams

  /** A trailing MP4 {@code free} box of {@code size} zero bytes (plus its 8-byte header). */
  private static final class FreeBox extends InputStream {
    private final byte[] header;
    private final long total;
    private long position;

    FreeBox(long size) {
      long boxSize = size + 8;
      header = new byte[] {(byte) (boxSize >>> 24), (byte) (boxSize >>> 16), (byte) (boxSize >>> 8), (byte) boxSize, 'f', 'r', 'e', 'e'};
      total = boxSize;
    }

    @Override
    public int read() {
      if (position >= total) {
        return -1;
      }
      int b = position < 8 ? header[(int) position] & 0xFF : 0;
      position++;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= total) {
        return -1;
      }
      int n = (int) Math.min(length, total - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = position + i < 8 ? header[(int) (position + i)] : 0;
      }
      position += n;
      return n;
    }
  }

  /** Counts what is read through it and reports the total once, when closed. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private final java.util.function.LongConsumer onClose;
    private long count;
    private boolean closed;

    CountingInputStream(InputStream in, java.util.function.LongConsumer onClose) {
      super(in);
      this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        super.close();
      } finally {
        onClose.accept(count);
      }
    }
  }
}
