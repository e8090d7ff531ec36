package io.reelay.activities.providers.simulator;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.reelay.activities.PublicUrl;
import io.reelay.activities.assets.images.ImageFetchPolicy;
import io.reelay.activities.assets.images.ImageFetcher;
import io.reelay.activities.assets.images.ImageRejectedException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated upstream provider, served over HTTP like any commercial API. Its behaviour can be
 * steered from the prompt: {@code [sim:fail]} fails the job, {@code [sim:never]} never finishes
 * it, {@code [sim:delay=12]} finishes it after 12 s, {@code [sim:reject]} refuses the submission
 * with 400, and {@code [sim:slow_video=60]} trickles the first download of the video over 60 s
 * (a stalling CDN; later downloads are quick), e.g. to stop a worker in the middle of one.
 */
@Controller("/sim/v1")
@Requires(property = "reelay.simulator.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SimulatorController {

  private static final Pattern DELAY = Pattern.compile("\\[sim:delay=(\\d{1,5})]");
  private static final Pattern SLOW_VIDEO = Pattern.compile("\\[sim:slow_video=(\\d{1,4})]");

  private final SimJobStore jobs;
  private final SimVideoCache videos;
  private final ImageFetcher images;
  private final String ownOrigin;
  private final ImageFetcher ownLinks;
  private final String apiKey;
  private final long defaultDelayMillis;
  /** Jobs whose one slow download has begun (per API process: the simulator is a test double). */
  private final Set<String> slowVideoServed = ConcurrentHashMap.newKeySet();

  public SimulatorController(
      SimJobStore jobs,
      SimVideoCache videos,
      ImageFetcher images,
      ImageFetchPolicy imagePolicy,
      PublicUrl publicUrl,
      @Value("${reelay.simulator.api-key}") String apiKey,
      @Value("${reelay.simulator.default-delay-seconds:4}") double defaultDelaySeconds) {
    this.jobs = jobs;
    this.videos = videos;
    this.images = images;
    this.ownOrigin = publicUrl.base();
    this.ownLinks = ownLinksFetcher(imagePolicy, ownOrigin);
    this.apiKey = apiKey;
    this.defaultDelayMillis = Math.round(defaultDelaySeconds * 1000);
  }

  @Post("/jobs")
  public HttpResponse<?> create(
      @Header("Authorization") Optional<String> authorization, @Body JsonNode body) {
    if (!authorized(authorization)) {
      return error(HttpStatus.UNAUTHORIZED, "unauthorized", "missing or wrong API key");
    }
    String prompt = text(body, "prompt");
    String reference = text(body, "client_reference");
    String model = text(body, "model");
    if (prompt == null || reference == null || model == null) {
      return error(HttpStatus.BAD_REQUEST, "invalid_request", "model, prompt and client_reference are required");
    }
    if (prompt.contains("[sim:reject]")) {
      return error(HttpStatus.BAD_REQUEST, "invalid_request", "the simulator was told to reject this job");
    }
    String imageProblem = checkImages(body.get("image_urls"));
    if (imageProblem != null) {
      return error(HttpStatus.BAD_REQUEST, "invalid_request", imageProblem);
    }
    int[] size;
    try {
      size = SimVideoRenderer.dimensions(text(body, "aspect_ratio"), text(body, "resolution"));
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }
    JsonNode durationNode = body.get("duration_seconds");
    int duration = durationNode == null ? 5 : durationNode.getIntValue();
    if (duration < 1 || duration > 60) {
      return error(HttpStatus.BAD_REQUEST, "invalid_request", "duration_seconds must be 1-60");
    }
    JsonNode seedNode = body.get("seed");
    long seed = seedNode == null || seedNode.isNull() ? seedFrom(prompt) : seedNode.getLongValue();
    Matcher delay = DELAY.matcher(prompt);
    long delayMillis = delay.find() ? Long.parseLong(delay.group(1)) * 1000 : defaultDelayMillis;
    String outcome =
        prompt.contains("[sim:fail]") ? "fail" : prompt.contains("[sim:never]") ? "never" : "succeed";

    SimJob job =
        jobs.insertOrGet(
            new SimJob(
                "sim_" + UUID.randomUUID().toString().replace("-", ""),
                reference,
                model,
                prompt,
                duration,
                size[0],
                size[1],
                seed,
                delayMillis,
                outcome,
                text(body, "callback_url"),
                false,
                0));
    if (job.outcome().equals("succeed")) {
      videos.readyOrRender(job.renderSpec()); // start rendering while the "provider works"
    }
    return HttpResponse.created(view(job));
  }

  @Get("/jobs/{id}")
  public HttpResponse<?> get(
      @Header("Authorization") Optional<String> authorization, @PathVariable String id) {
    if (!authorized(authorization)) {
      return error(HttpStatus.UNAUTHORIZED, "unauthorized", "missing or wrong API key");
    }
    return jobs.find(id)
        .<HttpResponse<?>>map(job -> HttpResponse.ok(view(job)))
        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "not_found", "no job " + id));
  }

  @Post("/jobs/{id}/cancel")
  public HttpResponse<?> cancel(
      @Header("Authorization") Optional<String> authorization, @PathVariable String id) {
    if (!authorized(authorization)) {
      return error(HttpStatus.UNAUTHORIZED, "unauthorized", "missing or wrong API key");
    }
    if (!jobs.cancel(id)) {
      return error(HttpStatus.NOT_FOUND, "not_found", "no job " + id);
    }
    return HttpResponse.ok(view(jobs.find(id).orElseThrow()));
  }

  @Get("/jobs/{id}/video")
  public HttpResponse<?> video(
      @Header("Authorization") Optional<String> authorization, @PathVariable String id) throws IOException {
    if (!authorized(authorization)) {
      return error(HttpStatus.UNAUTHORIZED, "unauthorized", "missing or wrong API key");
    }
    Optional<SimJob> job = jobs.find(id);
    if (job.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "not_found", "no job " + id);
    }
    SimState state = SimState.of(job.get(), videos);
    if (!state.status().equals("succeeded")) {
      return error(HttpStatus.CONFLICT, "not_ready", "the job is " + state.status());
    }
    Matcher slow = SLOW_VIDEO.matcher(job.get().prompt());
    if (slow.find() && slowVideoServed.add(id)) {
      long size = Files.size(state.video());
      Duration over = Duration.ofSeconds(Long.parseLong(slow.group(1)));
      return HttpResponse.ok(
          new StreamedFile(new TricklingInputStream(Files.newInputStream(state.video()), size, over), MediaType.of("video/mp4"), 0, size));
    }
    return HttpResponse.ok(new SystemFile(state.video().toFile(), MediaType.of("video/mp4")));
  }

  /** Hands out a file in ten small pieces a second, so that all of it takes {@code over}. */
  private static final class TricklingInputStream extends FilterInputStream {
    private static final long PAUSE_MILLIS = 100;
    private final int piece;

    TricklingInputStream(InputStream in, long size, Duration over) {
      super(in);
      long pieces = Math.max(1, over.toMillis() / PAUSE_MILLIS);
      this.piece = (int) Math.max(1, size / pieces);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("the slow download was interrupted");
      }
      return super.read(buffer, offset, Math.min(length, piece));
    }
  }

  private SimJobView view(SimJob job) {
    return SimJobView.of(job, SimState.of(job, videos));
  }

  private boolean authorized(Optional<String> authorization) {
    byte[] expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    return authorization
        .map(value -> MessageDigest.isEqual(expected, value.getBytes(StandardCharsets.UTF_8)))
        .orElse(false);
  }

  private static long seedFrom(String prompt) {
    return prompt.hashCode() & 0xffffffffL;
  }

  /**
   * Downloads every input image, as a provider that takes image URLs does: a link that does not
   * answer with a JPEG, PNG or WebP image refuses the job. Null when all are fine. The downloads
   * obey the production rules ({@link ImageFetcher}: public addresses only, checked before
   * connecting, the size cap), so the simulator cannot be used to reach the internal network.
   */
  private String checkImages(JsonNode urls) {
    if (urls == null || urls.isNull()) {
      return null;
    }
    if (!urls.isArray() || urls.size() > 6) {
      return "image_urls must be an array of at most 6 URLs";
    }
    int index = 0;
    for (JsonNode url : urls.values()) {
      String text = url.isString() ? url.getStringValue() : null;
      try {
        fetcherFor(text).fetch(text);
      } catch (ImageRejectedException e) {
        return "image_urls[" + index + "] was not used: " + e.getMessage();
      }
      index++;
    }
    return null;
  }

  /**
   * The app's own signed input links are on its public URL, which locally is a loopback address:
   * only a link on exactly that origin may go there, and it may not redirect elsewhere.
   */
  private ImageFetcher fetcherFor(String url) {
    return url != null && url.startsWith(ownOrigin + "/") ? ownLinks : images;
  }

  private static ImageFetcher ownLinksFetcher(ImageFetchPolicy policy, String ownOrigin) {
    List<String> hosts = new ArrayList<>(policy.allowedHosts());
    hosts.add(URI.create(ownOrigin).getHost());
    return new ImageFetcher(
        new ImageFetchPolicy(
            policy.maxBytes(), policy.connectTimeout(), policy.readTimeout(), 0, hosts, policy.allowedCidrs()));
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value.coerceStringValue();
  }

  private static HttpResponse<?> error(HttpStatus status, String code, String message) {
    return HttpResponse.status(status).body(new ErrorBody(new SimJobView.Error(code, message)));
  }

  /** The simulator's error answer: {"error": {"code", "message"}}. */
  @Serdeable
  record ErrorBody(SimJobView.Error error) {}
}
