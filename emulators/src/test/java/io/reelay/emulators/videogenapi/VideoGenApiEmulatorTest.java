package io.reelay.emulators.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.emulators.testing.EmbeddedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VideoGenAPI emulator over real HTTP on an embedded server: the protocol a VideoGenAPI
 * client sees (statuses, errors, model rate limits, image downloads, usage) and every prompt
 * marker. Input images come from a small HTTP server of this test on loopback.
 */
class VideoGenApiEmulatorTest {

  private static final String KEY = "videogenapi-test-key";
  private static final String API = "/emulators/videogenapi/api/v1";
  private static final String GENERATE = API + "/generate";
  private static final String STATUS = API + "/status/";
  private static final int MAX_IMAGE_BYTES = 200_000;

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  private static EmbeddedServer server;
  private static JsonMapper json;
  private static HttpServer images;
  private static final Map<String, byte[]> imageFiles = new HashMap<>();
  private static final Map<String, AtomicInteger> imageHits = new ConcurrentHashMap<>();
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
    server = startServer();
    json = server.getApplicationContext().getBean(JsonMapper.class);
    startImageServer();
  }

  @AfterAll
  static void stop() throws IOException {
    if (images != null) {
      images.stop(0);
    }
    if (server != null) {
      server.getApplicationContext().close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** The app on a free port with the emulator on; the app itself needs a database to start. */
  private static EmbeddedServer startServer() {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    properties.put("reelay.emulators.videogenapi.enabled", "true");
    properties.put("reelay.emulators.videogenapi.delay-seconds", "1");
    properties.put("reelay.emulators.videogenapi.monthly-limit", "500");
    properties.put("reelay.emulators.videogenapi.throttle-reset-seconds", "2");
    properties.put("reelay.emulators.videogenapi.max-image-bytes", String.valueOf(MAX_IMAGE_BYTES));
    properties.put("reelay.emulators.videogenapi.hourly-limits.ltxv-2", "2");
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  /** Serves test images (and things that are not images) and counts every download. */
  private static void startImageServer() throws IOException {
    imageFiles.put("/portrait.png", image("png", 90, 160));
    imageFiles.put("/photo.jpg", image("jpg", 160, 90));
    imageFiles.put("/anim.gif", image("gif", 40, 40));
    imageFiles.put("/still.webp", webp(200, 100));
    imageFiles.put("/page.html", "<html><body>not an image</body></html>".getBytes(StandardCharsets.UTF_8));
    byte[] big = Arrays.copyOf(image("png", 64, 64), MAX_IMAGE_BYTES + 1000);
    imageFiles.put("/big.png", big);
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          imageHits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          byte[] body = imageFiles.get(path);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    images.start();
  }

  @Test
  void aGenerationGoesThroughEveryDocumentedStatusToADownloadableVideo() throws Exception {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("model", "kling_25");
    request.put("prompt", "a lighthouse at dusk [vgapi:delay=4]");
    request.put("duration", 5);
    request.put("resolution", "720p");
    request.put("aspect_ratio", "9:16");
    request.put("seed", 42);
    request.put("add_audio", true);
    request.put("audio_prompt", "waves");
    HttpResponse<String> submitted = post(KEY, request);
    assertEquals(200, submitted.statusCode(), submitted.body());
    Map<String, Object> accepted = read(submitted);
    String id = (String) accepted.get("generation_id");
    assertTrue(id.matches("gen_[0-9a-f]{13}_\\d{6}"), id);
    assertTrue(((String) accepted.get("request_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    assertEquals(true, accepted.get("success"));
    assertEquals("pending", accepted.get("status"));
    assertEquals("text-to-video", accepted.get("type"));
    assertEquals(Map.of("key", "kling_25", "name", "Kling 2.5", "provider", "Kuaishou"), accepted.get("model"));
    assertEquals("a lighthouse at dusk [vgapi:delay=4]", accepted.get("prompt"));
    assertEquals(5, number(accepted, "duration"));
    assertEquals("720p", accepted.get("resolution"));
    assertEquals("9:16", accepted.get("aspect_ratio"));
    assertEquals(42, number(accepted, "seed"));
    assertEquals("/v1/status/" + id, accepted.get("status_url"));
    assertTrue(accepted.get("message") instanceof String);

    List<String> seen = new ArrayList<>();
    Map<String, Object> last = null;
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> polled = get(KEY, STATUS + id);
      assertEquals(200, polled.statusCode(), polled.body());
      last = read(polled);
      String status = (String) last.get("status");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      if (status.equals("completed")) {
        break;
      }
      assertFalse(last.containsKey("video_url"), "no video_url while " + status);
      Thread.sleep(50);
    }
    assertEquals(List.of("pending", "in_queue", "in_progress", "completed"), seen);
    assertEquals(id, last.get("generation_id"));
    assertEquals(4, number(last, "processing_time"));
    assertTrue(((String) last.get("completed_at")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), last.toString());
    assertEquals(42, number(last, "seed"));
    String videoUrl = (String) last.get("video_url");
    assertTrue(
        videoUrl.matches(
            "http://127\\.0\\.0\\.1:" + server.getPort() + API + "/video/" + id + "\\?expires=\\d+&signature=[0-9a-f]{64}"),
        videoUrl);

    // the video URL is on the API: it wants the key like every other endpoint
    HttpResponse<String> anonymous =
        http.send(HttpRequest.newBuilder(URI.create(videoUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    HttpResponse<byte[]> video =
        http.send(authorized(URI.create(videoUrl), KEY).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode());
    assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElse(""));
    Mp4Probe.VideoFacts facts = probe(video.body(), id);
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
    assertEquals(5000, facts.durationMillis());
  }

  @Test
  void onlyThePromptIsNeededAndUsageCountsEveryGeneration() throws Exception {
    Map<String, Object> first = read(post(KEY, Map.of("prompt", "a quiet harbour")));
    assertEquals("sora-2", ((Map<?, ?>) first.get("model")).get("key"));
    assertEquals(5, number(first, "duration"));
    assertEquals("720p", first.get("resolution"));
    assertEquals("16:9", first.get("aspect_ratio"));
    assertTrue(number(first, "seed") >= 0, "a random seed was chosen");
    Map<?, ?> usage = (Map<?, ?>) first.get("usage");
    assertEquals(500, ((Number) usage.get("monthly_limit")).intValue());
    long before = ((Number) usage.get("current_month_usage")).longValue();
    assertTrue(before >= 1);

    Map<String, Object> second = read(post(KEY, Map.of("prompt", "a quiet harbour, again")));
    assertEquals(before + 1, ((Number) ((Map<?, ?>) second.get("usage")).get("current_month_usage")).longValue());
    // the configured delay (1 s) applies without a marker
    assertEquals("completed", pollUntilSettled((String) second.get("generation_id")).get("status"));
  }

  @Test
  void aWrongOrMissingKeyIs401OnEveryEndpoint() throws Exception {
    String id = submit("a cat [vgapi:delay=0]");
    String videoUrl = (String) pollUntilSettled(id).get("video_url");
    Map<String, Object> unauthorized =
        Map.of("success", false, "error", "Unauthorized", "message", "Invalid or missing API key");

    HttpResponse<String> wrong = post("sk-wrong", Map.of("prompt", "a cat"));
    assertEquals(401, wrong.statusCode());
    assertEquals(unauthorized, read(wrong));
    for (String path : List.of(STATUS + id, API + "/generations", API + "/user")) {
      HttpResponse<String> missing =
          http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, missing.statusCode(), path);
      assertEquals(unauthorized, read(missing));
      assertEquals(401, get("Basic " + KEY, path).statusCode(), path);
    }
    HttpResponse<String> video =
        http.send(authorized(URI.create(videoUrl), "sk-wrong").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, video.statusCode());
  }

  @Test
  void invalidRequestsAre400WithTheErrorShape() throws Exception {
    List<String> bodies =
        List.of(
            "{\"model\": \"kling_25\"}",
            "{\"prompt\": \"\"}",
            "{\"prompt\": 42}",
            "{\"prompt\": \"" + "x".repeat(1001) + "\"}",
            "{\"prompt\": \"a cat\", \"model\": \"no-such-model\"}",
            "{\"prompt\": \"a cat\", \"duration\": 4}",
            "{\"prompt\": \"a cat\", \"duration\": 61}",
            "{\"prompt\": \"a cat\", \"duration\": 5.5}",
            "{\"prompt\": \"a cat\", \"duration\": \"5\"}",
            "{\"prompt\": \"a cat\", \"resolution\": \"4K\"}",
            "{\"prompt\": \"a cat\", \"resolution\": \"720\"}",
            "{\"prompt\": \"a cat\", \"aspect_ratio\": \"2:1\"}",
            "{\"prompt\": \"a cat\", \"seed\": -2}",
            "{\"prompt\": \"a cat\", \"seed\": \"x\"}",
            "{\"prompt\": \"a cat\", \"add_audio\": \"yes\"}",
            "{\"prompt\": \"a cat\", \"camera_fixed\": 1}",
            "{\"prompt\": \"a cat\", \"audio_prompt\": 7}",
            "{\"prompt\": \"a cat\", \"image_url\": \"ftp://example.com/a.jpg\"}",
            "{\"prompt\": \"a cat\", \"image_url\": 5}",
            "{\"prompt\": \"a cat\", \"reference_image_urls\": \"http://example.com/a.jpg\"}",
            "[]",
            "{not json");
    for (String body : bodies) {
      HttpResponse<String> response = postRaw(KEY, body);
      assertEquals(400, response.statusCode(), body + " -> " + response.body());
      Map<String, Object> error = read(response);
      assertEquals(false, error.get("success"), response.body());
      assertEquals("Invalid request", error.get("error"), response.body());
      assertTrue(error.get("message") instanceof String message && !message.isBlank(), response.body());
    }
  }

  @Test
  void unknownGenerationsAre404() throws Exception {
    HttpResponse<String> status = get(KEY, STATUS + "gen_doesnotexist_000000");
    assertEquals(404, status.statusCode());
    assertEquals(Map.of("success", false, "error", "Not found", "message", "Generation not found"), read(status));
    HttpResponse<String> video = get(KEY, API + "/video/gen_doesnotexist_000000?expires=1&signature=00");
    assertEquals(404, video.statusCode());
  }

  @Test
  void theFailMarkerEndsTheGenerationFailedWithAReason() throws Exception {
    String id = submit("a cat [vgapi:fail]");
    Map<String, Object> last = pollUntilSettled(id);
    assertEquals("failed", last.get("status"));
    assertEquals("Generation failed", last.get("error"));
    assertTrue(last.get("message") instanceof String message && !message.isBlank());
    assertFalse(last.containsKey("video_url"));
    assertFalse(last.containsKey("completed_at"));
  }

  @Test
  void theNeverMarkerKeepsTheGenerationInProgress() throws Exception {
    String id = submit("a cat [vgapi:never]");
    Thread.sleep(1_500); // past the 1 s every other generation takes
    Map<String, Object> status = read(get(KEY, STATUS + id));
    assertEquals("in_progress", status.get("status"));
    assertFalse(status.containsKey("video_url"));
  }

  @Test
  void theServerErrorMarkerAnswers500ForTheFirstNStatusReads() throws Exception {
    String id = submit("a cat [vgapi:5xx=3]");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failing = get(KEY, STATUS + id);
      assertEquals(500, failing.statusCode());
      assertEquals("Internal server error", read(failing).get("error"));
    }
    HttpResponse<String> recovered = get(KEY, STATUS + id);
    assertEquals(200, recovered.statusCode(), recovered.body());
    assertEquals(id, read(recovered).get("generation_id"));
  }

  @Test
  void theThrottleMarkerRefusesTheFirstSubmissionsWithSecondsUntilReset() throws Exception {
    String once = "a cat " + UUID.randomUUID() + " [vgapi:429]";
    HttpResponse<String> refused = post(KEY, Map.of("prompt", once, "model", "kling_25"));
    assertEquals(429, refused.statusCode());
    Map<String, Object> body = read(refused);
    assertEquals(false, body.get("success"));
    assertEquals("Kling 2.5 rate limit exceeded", body.get("error"));
    Map<?, ?> details = (Map<?, ?>) body.get("details");
    assertEquals(2, ((Number) details.get("seconds_until_reset")).intValue());
    assertEquals("1 hour", details.get("window"));
    assertTrue(((String) details.get("reset_time")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
    assertEquals(200, post(KEY, Map.of("prompt", once, "model", "kling_25")).statusCode());

    String twice = "a cat " + UUID.randomUUID() + " [vgapi:429=2]";
    assertEquals(429, post(KEY, Map.of("prompt", twice)).statusCode());
    assertEquals(429, post(KEY, Map.of("prompt", twice)).statusCode());
    assertEquals(200, post(KEY, Map.of("prompt", twice)).statusCode());
    assertEquals(200, post(KEY, Map.of("prompt", twice)).statusCode());
  }

  @Test
  void theCreditsMarkerIs402() throws Exception {
    HttpResponse<String> response = post(KEY, Map.of("prompt", "a cat [vgapi:402]"));
    assertEquals(402, response.statusCode());
    Map<String, Object> body = read(response);
    assertEquals("Insufficient credits", body.get("error"));
    assertTrue(body.get("message") instanceof String);
  }

  @Test
  void theExpireMarkerMakesEachVideoUrlExpireASecondAfterItIsHandedOut() throws Exception {
    String id = submit("a cat [vgapi:expire] [vgapi:delay=0]", "480p");
    Map<String, Object> completed = pollUntilSettled(id);
    String first = (String) completed.get("video_url");
    assertEquals(200, download(first, KEY).statusCode(), "fresh links work");
    Thread.sleep(1_200);
    HttpResponse<byte[]> expired = download(first, KEY);
    assertEquals(403, expired.statusCode());
    assertEquals("Video URL expired", json.readValue(expired.body(), Argument.mapOf(String.class, Object.class)).get("error"));

    String second = (String) read(get(KEY, STATUS + id)).get("video_url");
    assertNotEquals(first, second);
    HttpResponse<byte[]> video = download(second, KEY);
    assertEquals(200, video.statusCode());
    assertEquals(5000, probe(video.body(), id).durationMillis());
  }

  @Test
  void aTamperedVideoUrlIs403() throws Exception {
    String id = submit("a cat [vgapi:delay=0]");
    String url = (String) pollUntilSettled(id).get("video_url");
    String tampered = url.replaceAll("expires=(\\d+)", "expires=9$1");
    HttpResponse<byte[]> response = download(tampered, KEY);
    assertEquals(403, response.statusCode());
  }

  @Test
  void theStorageMarkerHandsOutASignedUrlOffTheApiThatRefusesTheKey() throws Exception {
    String id = submit("a cat [vgapi:storage] [vgapi:delay=0]", "480p");
    String url = (String) pollUntilSettled(id).get("video_url");
    assertTrue(
        url.startsWith("http://127.0.0.1:" + server.getPort() + "/emulators/videogenapi-storage/" + id + ".mp4?expires="),
        url);
    HttpResponse<byte[]> withKey = download(url, KEY);
    assertEquals(400, withKey.statusCode(), "a presigned URL takes no Authorization header");
    HttpResponse<byte[]> video = download(url, null);
    assertEquals(200, video.statusCode());
    assertEquals(480, probe(video.body(), id).height());
    assertEquals(403, download(url.replaceAll("signature=[0-9a-f]", "signature=x"), null).statusCode());
  }

  @Test
  void imagesAreDownloadedAndTheFirstFrameSetsTheOrientation() throws Exception {
    int before = hits("/portrait.png");
    Map<String, Object> request = new HashMap<>();
    request.put("model", "kling_25");
    request.put("prompt", "the lighthouse turns [vgapi:delay=0]");
    request.put("image_url", imageUrl("/portrait.png"));
    request.put("aspect_ratio", "16:9"); // text-to-video only: the image decides
    HttpResponse<String> response = post(KEY, request);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> accepted = read(response);
    assertEquals("image-to-video", accepted.get("type"));
    assertEquals("9:16", accepted.get("aspect_ratio"));
    assertEquals(before + 1, hits("/portrait.png"));
    String id = (String) accepted.get("generation_id");
    assertEquals(List.of(1L, (long) imageFiles.get("/portrait.png").length), recordedImages(id));

    Map<String, Object> references = new HashMap<>();
    references.put("model", "veo-31");
    references.put("prompt", "a style study");
    references.put("aspect_ratio", "9:16");
    references.put(
        "reference_image_urls", List.of(imageUrl("/photo.jpg"), imageUrl("/anim.gif"), imageUrl("/still.webp")));
    HttpResponse<String> multi = post(KEY, references);
    assertEquals(200, multi.statusCode(), multi.body());
    Map<String, Object> multiAccepted = read(multi);
    assertEquals("image-to-video", multiAccepted.get("type"));
    assertEquals("16:9", multiAccepted.get("aspect_ratio"), "Veo 3.1 reference mode forces 16:9");
    long total =
        imageFiles.get("/photo.jpg").length + imageFiles.get("/anim.gif").length + imageFiles.get("/still.webp").length;
    assertEquals(List.of(3L, total), recordedImages((String) multiAccepted.get("generation_id")));

    Map<String, Object> video = pollUntilSettled(id);
    Mp4Probe.VideoFacts facts = probe(download((String) video.get("video_url"), KEY).body(), id);
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
  }

  @Test
  void whatIsNotAnImageIs400AndATooLargeImageIs413() throws Exception {
    assertImageRefused(400, Map.of("image_url", imageUrl("/page.html")));
    assertImageRefused(400, Map.of("image_url", imageUrl("/missing.png")));
    assertImageRefused(400, Map.of("image_url", "http://127.0.0.1:1/unreachable.png"));
    assertImageRefused(400, Map.of("image_url", "data:image/png;base64,iVBORw0KGgo="));
    assertImageRefused(400, Map.of("reference_image_urls", List.of(imageUrl("/photo.jpg"), imageUrl("/page.html"))));
    assertImageRefused(400, Map.of("reference_image_urls", List.of()));
    assertImageRefused(400, Map.of("reference_image_urls", List.of(
        imageUrl("/photo.jpg"), imageUrl("/photo.jpg"), imageUrl("/photo.jpg"),
        imageUrl("/photo.jpg"), imageUrl("/photo.jpg"), imageUrl("/photo.jpg"))));
    HttpResponse<String> big = assertImageRefused(413, Map.of("image_url", imageUrl("/big.png")));
    assertEquals("Image too large", read(big).get("error"));
  }

  @Test
  void eachModelHasAnHourlyLimitAnsweredWithTheDocumentedDetails() throws Exception {
    assertEquals(200, post(KEY, Map.of("prompt", "one", "model", "ltxv-2")).statusCode());
    assertEquals(200, post(KEY, Map.of("prompt", "two", "model", "ltxv-2")).statusCode());
    HttpResponse<String> refused = post(KEY, Map.of("prompt", "three", "model", "ltxv-2"));
    assertEquals(429, refused.statusCode());
    Map<String, Object> body = read(refused);
    assertEquals("LTXV 2 rate limit exceeded", body.get("error"));
    assertEquals("The LTXV 2 model is limited to 2 generations per hour.", body.get("message"));
    Map<?, ?> details = (Map<?, ?>) body.get("details");
    assertEquals(2, ((Number) details.get("current_usage")).intValue());
    assertEquals(2, ((Number) details.get("limit")).intValue());
    assertEquals("1 hour", details.get("window"));
    long reset = ((Number) details.get("seconds_until_reset")).longValue();
    assertTrue(reset > 3500 && reset <= 3600, "seconds_until_reset " + reset);
    // the limit is per model
    assertEquals(200, post(KEY, Map.of("prompt", "four", "model", "ltxv-13b")).statusCode());
  }

  @Test
  void generationsArePagedNewestFirstAndTheUserSeesTheUsage() throws Exception {
    String older = submit("older " + UUID.randomUUID());
    String newer = submit("newer " + UUID.randomUUID());
    Map<String, Object> page = read(get(KEY, API + "/generations?page=1&limit=2"));
    List<?> generations = (List<?>) page.get("generations");
    assertEquals(List.of(newer, older), generations.stream().map(g -> ((Map<?, ?>) g).get("generation_id")).toList());
    Map<?, ?> pagination = (Map<?, ?>) page.get("pagination");
    long total = countJobs();
    assertEquals(total, ((Number) pagination.get("total")).longValue());
    assertEquals((total + 1) / 2, ((Number) pagination.get("total_pages")).longValue());
    assertEquals(400, get(KEY, API + "/generations?limit=0").statusCode());

    Map<String, Object> user = read(get(KEY, API + "/user"));
    assertEquals(true, user.get("success"));
    assertEquals(total, ((Number) ((Map<?, ?>) user.get("usage")).get("current_month_usage")).longValue());
    assertEquals(500, ((Number) ((Map<?, ?>) user.get("usage")).get("monthly_limit")).intValue());
  }

  @Test
  void generationsLiveInPostgresSoAnotherInstanceKnowsThem() throws Exception {
    String id = submit("remember me [vgapi:delay=2] [vgapi:5xx=1]");
    String throttled = "throttled " + UUID.randomUUID() + " [vgapi:429]";
    assertEquals(429, post(KEY, Map.of("prompt", throttled)).statusCode());
    EmbeddedServer other = startServer();
    try {
      URI status = URI.create(other.getURL() + STATUS + id);
      // the planned server error is spent there, not replayed
      assertEquals(500, http.send(authorized(status, KEY).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> found = http.send(authorized(status, KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, found.statusCode(), found.body());
      assertEquals(id, read(found).get("generation_id"));
      HttpResponse<String> accepted =
          http.send(
              authorized(URI.create(other.getURL() + GENERATE), KEY)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("prompt", throttled))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, accepted.statusCode(), "the throttle was used up on the first instance");
    } finally {
      other.getApplicationContext().close();
    }
    assertEquals(200, get(KEY, STATUS + id).statusCode());
  }

  // ---- helpers

  private static HttpResponse<String> assertImageRefused(int status, Map<String, Object> images) throws Exception {
    long jobsBefore = countJobs();
    Map<String, Object> request = new HashMap<>(images);
    request.put("prompt", "an image that will not do");
    HttpResponse<String> response = post(KEY, request);
    assertEquals(status, response.statusCode(), images + " -> " + response.body());
    Map<String, Object> body = read(response);
    assertEquals(false, body.get("success"));
    String message = (String) body.get("message");
    assertFalse(message.contains("127.0.0.1") || message.contains("data:"), "no URL in the message: " + message);
    assertEquals(jobsBefore, countJobs(), "a refused submission leaves no generation");
    return response;
  }

  /** {image_count, image_bytes} as the emulator recorded them for a generation. */
  private static List<Long> recordedImages(String id) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT image_count, image_bytes FROM videogenapi_emulator_jobs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "generation " + id + " is stored");
        return List.of(rs.getLong(1), rs.getLong(2));
      }
    }
  }

  private static long countJobs() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM videogenapi_emulator_jobs")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int hits(String path) {
    AtomicInteger count = imageHits.get(path);
    return count == null ? 0 : count.get();
  }

  private static String imageUrl(String path) {
    return "http://127.0.0.1:" + images.getAddress().getPort() + path;
  }

  static byte[] image(String format, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "ImageIO writes " + format);
    return out.toByteArray();
  }

  /** The header of an extended WebP (RIFF, WEBP, VP8X with its canvas size): enough to sniff. */
  static byte[] webp(int width, int height) {
    byte[] d = new byte[30];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, d, 0, 4);
    d[4] = 22; // RIFF size: the rest of the file
    System.arraycopy("WEBPVP8X".getBytes(StandardCharsets.US_ASCII), 0, d, 8, 8);
    d[16] = 10; // VP8X chunk size
    d[24] = (byte) (width - 1);
    d[25] = (byte) ((width - 1) >> 8);
    d[27] = (byte) (height - 1);
    d[28] = (byte) ((height - 1) >> 8);
    return d;
  }

  private static Mp4Probe.VideoFacts probe(byte[] video, String id) throws IOException {
    assertEquals("ftyp", new String(Arrays.copyOfRange(video, 4, 8), StandardCharsets.US_ASCII));
    Path file = Files.write(dataDir.resolve("downloaded-" + id + "-" + System.nanoTime() + ".mp4"), video);
    return Mp4Probe.probe(file);
  }

  private static HttpResponse<byte[]> download(String url, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String submit(String prompt) throws Exception {
    return submit(prompt, "720p");
  }

  private static String submit(String prompt, String resolution) throws Exception {
    HttpResponse<String> response = post(KEY, Map.of("prompt", prompt, "resolution", resolution));
    assertEquals(200, response.statusCode(), response.body());
    return (String) read(response).get("generation_id");
  }

  private static Map<String, Object> pollUntilSettled(String id) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = get(KEY, STATUS + id);
      assertEquals(200, response.statusCode(), response.body());
      Map<String, Object> status = read(response);
      if (status.get("status").equals("completed") || status.get("status").equals("failed")) {
        return status;
      }
      Thread.sleep(100);
    }
    return fail("generation " + id + " did not settle");
  }

  private static HttpResponse<String> post(String key, Map<String, Object> body) throws Exception {
    return postRaw(key, json.writeValueAsString(body));
  }

  private static HttpResponse<String> postRaw(String key, String body) throws Exception {
    return http.send(
        authorized(uri(GENERATE), key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET with {@code Authorization: Bearer <key>}, or the header as given when it has a scheme. */
  private static HttpResponse<String> get(String key, String path) throws Exception {
    return http.send(authorized(uri(path), key).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(URI uri, String key) {
    String header = key.contains(" ") ? key : "Bearer " + key;
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", header);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  private static Map<String, Object> read(HttpResponse<String> response) throws IOException {
    assertNotEquals("", response.body(), "empty body, status " + response.statusCode());
    return json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
  }

  private static double number(Map<String, Object> body, String field) {
    assertTrue(body.get(field) instanceof Number, field + " in " + body);
    return ((Number) body.get(field)).doubleValue();
  }
}
