package io.reelay.emulators.vinci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.emulators.testing.EmbeddedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vinci emulator over real HTTP on an embedded server: the protocol a Vinci client sees, and
 * every failure mode its prompt markers steer.
 */
class VinciEmulatorTest {

  private static final String KEY = "vinci-test-key";
  private static final String SUBMIT = "/emulators/vinci/api/v1/generate/text-to-video";
  private static final String STATUS = "/emulators/vinci/api/v1/status/";

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  private static EmbeddedServer server;
  private static JsonMapper json;
  private static final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(120)).start();
    server = startServer(Map.of("reelay.emulators.vinci.delay-seconds", "1"));
    json = server.getApplicationContext().getBean(JsonMapper.class);
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.getApplicationContext().close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** The app on a free port with the emulator on; the app itself needs a database to start. */
  private static EmbeddedServer startServer(Map<String, Object> extra) {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    properties.put("reelay.emulators.vinci.enabled", "true");
    properties.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  @Test
  void aJobGoesFromPendingThroughProcessingToARealDownloadableVideo() throws Exception {
    HttpResponse<String> submitted =
        post(KEY, Map.of("prompt", "a lighthouse at dusk [vinci:delay=3]", "duration_seconds", 2,
            "aspect_ratio", "9:16", "seed", 7));
    assertEquals(200, submitted.statusCode(), submitted.body());
    Map<String, Object> accepted = read(submitted);
    String id = (String) accepted.get("request_id");
    assertTrue(id.matches("req_[0-9a-f]+"), id);
    assertEquals("pending", accepted.get("status"));
    assertEquals(0.1, number(accepted, "estimated_cost_usd"), 1e-9);
    assertEquals(2, number(accepted, "estimated_duration_seconds"));

    List<String> seen = new ArrayList<>();
    Map<String, Object> last = null;
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> polled = get(KEY, STATUS + id);
      assertEquals(200, polled.statusCode(), polled.body());
      last = read(polled);
      String status = (String) last.get("status");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      if (status.equals("pending")) {
        assertEquals(0.1, number(last, "estimated_cost_usd"), 1e-9);
      }
      if (status.equals("processing")) {
        double progress = number(last, "progress");
        assertTrue(progress >= 1 && progress <= 99, "progress " + progress);
        assertEquals(0.1, number(last, "estimated_cost_usd"), 1e-9);
      }
      if (status.equals("completed")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(List.of("pending", "processing", "completed"), seen);
    assertEquals(id, last.get("request_id"));
    assertEquals(2.0, number(last, "duration_seconds"), 1e-9);
    assertEquals(0.1, number(last, "cost_usd"), 1e-9);
    String videoUrl = (String) last.get("video_url");
    assertTrue(
        videoUrl.matches(
            "http://127\\.0\\.0\\.1:" + server.getPort() + "/emulators/vinci/files/[0-9a-f]{64}\\.mp4"),
        videoUrl);

    // like a signed storage URL: no API key needed
    HttpResponse<byte[]> video =
        http.send(HttpRequest.newBuilder(URI.create(videoUrl)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode());
    assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElse(""));
    assertEquals("ftyp", new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII));
    Path file = Files.write(dataDir.resolve("downloaded-" + id + ".mp4"), video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
    assertEquals(2000, facts.durationMillis());
  }

  @Test
  void aWrongOrMissingKeyIs401() throws Exception {
    HttpResponse<String> wrong = post("sk-wrong", Map.of("prompt", "a cat"));
    assertEquals(401, wrong.statusCode());
    assertEquals(Map.of("detail", "Invalid API key"), read(wrong));

    HttpResponse<String> missing =
        http.send(HttpRequest.newBuilder(uri(STATUS + "req_0")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, missing.statusCode());
    assertEquals(Map.of("detail", "Invalid API key"), read(missing));
  }

  @Test
  void invalidRequestsAre400WithADetail() throws Exception {
    List<String> bodies =
        List.of(
            "{\"duration_seconds\": 5}",
            "{\"prompt\": \"\"}",
            "{\"prompt\": 42}",
            "{\"prompt\": \"a cat\", \"duration_seconds\": 0}",
            "{\"prompt\": \"a cat\", \"duration_seconds\": 11}",
            "{\"prompt\": \"a cat\", \"duration_seconds\": 2.5}",
            "{\"prompt\": \"a cat\", \"duration_seconds\": \"five\"}",
            "{\"prompt\": \"a cat\", \"aspect_ratio\": \"4:3\"}",
            "{\"prompt\": \"a cat\", \"seed\": \"x\"}",
            "[]",
            "{not json");
    for (String body : bodies) {
      HttpResponse<String> response = postRaw(KEY, body);
      assertEquals(400, response.statusCode(), body + " -> " + response.body());
      assertTrue(read(response).get("detail") instanceof String, response.body());
    }
  }

  @Test
  void theBalanceMarkerIs402() throws Exception {
    HttpResponse<String> response = post(KEY, Map.of("prompt", "a cat [vinci:402]", "duration_seconds", 5));
    assertEquals(402, response.statusCode());
    assertEquals(
        "Insufficient balance. Current balance: $0.00, required: $0.25", read(response).get("detail"));
  }

  @Test
  void theThrottleMarkerRefusesTheFirstSubmissionOnlyWith429AndRetryAfter() throws Exception {
    String prompt = "a cat " + UUID.randomUUID() + " [vinci:429]";
    HttpResponse<String> refused = post(KEY, Map.of("prompt", prompt));
    assertEquals(429, refused.statusCode());
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(""));
    assertEquals(Map.of("detail", "Rate limit exceeded. Try again in 2 seconds."), read(refused));
    assertRateLimitHeaders(refused);

    HttpResponse<String> accepted = post(KEY, Map.of("prompt", prompt));
    assertEquals(200, accepted.statusCode(), accepted.body());
    assertEquals("pending", read(accepted).get("status"));
  }

  @Test
  void theServerErrorMarkerAnswers500ForTheFirstNPollsThenRecovers() throws Exception {
    String id = submit("a cat [vinci:5xx=3]");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failing = get(KEY, STATUS + id);
      assertEquals(500, failing.statusCode());
      assertEquals(Map.of("detail", "Internal server error"), read(failing));
    }
    HttpResponse<String> recovered = get(KEY, STATUS + id);
    assertEquals(200, recovered.statusCode(), recovered.body());
    assertEquals(id, read(recovered).get("request_id"));
  }

  @Test
  void theFailMarkerEndsTheJobFailedWithAnError() throws Exception {
    String id = submit("a cat [vinci:fail]");
    Map<String, Object> last = pollUntilSettled(id);
    assertEquals("failed", last.get("status"));
    assertEquals(id, last.get("request_id"));
    assertTrue(last.get("error") instanceof String error && !error.isBlank(), last.toString());
    assertEquals(List.of("error", "request_id", "status"), last.keySet().stream().sorted().toList());
  }

  @Test
  void theNeverMarkerKeepsTheJobProcessing() throws Exception {
    String id = submit("a cat [vinci:never]");
    Thread.sleep(1_500); // past the 1 s delay every other job completes in
    Map<String, Object> status = read(get(KEY, STATUS + id));
    assertEquals("processing", status.get("status"));
    assertTrue(number(status, "progress") <= 99);
  }

  @Test
  void theExpireMarkerMakesTheVideoUrlExpireASecondAfterCompletion() throws Exception {
    String id = submit("a cat [vinci:expire] [vinci:delay=0]");
    Map<String, Object> completed = pollUntilSettled(id);
    assertEquals("completed", completed.get("status"));
    Thread.sleep(1_200);
    HttpResponse<String> expired =
        http.send(HttpRequest.newBuilder(URI.create((String) completed.get("video_url"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, expired.statusCode());
    assertEquals(Map.of("detail", "URL expired"), read(expired));
  }

  @Test
  void unknownRequestsAndFilesAre404() throws Exception {
    HttpResponse<String> status = get(KEY, STATUS + "req_doesnotexist");
    assertEquals(404, status.statusCode());
    assertTrue(read(status).get("detail") instanceof String);

    HttpResponse<String> file =
        http.send(HttpRequest.newBuilder(uri("/emulators/vinci/files/" + "ab".repeat(32) + ".mp4")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, file.statusCode());
  }

  @Test
  void everyApiResponseCarriesRateLimitHeaders() throws Exception {
    HttpResponse<String> first = post(KEY, Map.of("prompt", "a cat"));
    HttpResponse<String> second = get(KEY, STATUS + read(first).get("request_id"));
    HttpResponse<String> invalid = postRaw(KEY, "{}");
    for (HttpResponse<String> response : List.of(first, second, invalid)) {
      assertRateLimitHeaders(response);
      assertEquals("600", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    }
    long remainingFirst = Long.parseLong(first.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    long remainingSecond = Long.parseLong(second.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertTrue(remainingSecond < remainingFirst, remainingFirst + " then " + remainingSecond);
    assertRateLimitHeaders(post("sk-wrong", Map.of("prompt", "a cat")));
  }

  @Test
  void requestsBeyondTheLimitAre429WithRetryAfter() throws Exception {
    EmbeddedServer limited = startServer(Map.of("reelay.emulators.vinci.requests-per-minute", "3"));
    try {
      URI unknown = URI.create(limited.getURL() + STATUS + "req_x");
      for (int i = 0; i < 3; i++) {
        assertEquals(404, http.send(authorized(unknown).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      HttpResponse<String> refused =
          http.send(authorized(unknown).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(429, refused.statusCode());
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertEquals(
          Map.of("detail", "Rate limit exceeded. Try again in " + retryAfter + " seconds."), read(refused));
      assertEquals("3", refused.headers().firstValue("X-RateLimit-Limit").orElseThrow());
      assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    } finally {
      limited.getApplicationContext().close();
    }
  }

  // ---- helpers

  private static void assertRateLimitHeaders(HttpResponse<?> response) {
    long now = System.currentTimeMillis() / 1000;
    long limit = Long.parseLong(response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    long remaining = Long.parseLong(response.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    long reset = Long.parseLong(response.headers().firstValue("X-RateLimit-Reset").orElseThrow());
    assertTrue(remaining >= 0 && remaining < limit, remaining + " of " + limit);
    assertTrue(reset >= now && reset <= now + 61, "reset " + reset + " now " + now);
  }

  private static String submit(String prompt) throws Exception {
    HttpResponse<String> response = post(KEY, Map.of("prompt", prompt, "duration_seconds", 1));
    assertEquals(200, response.statusCode(), response.body());
    return (String) read(response).get("request_id");
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
    return fail("job " + id + " did not settle");
  }

  private static HttpResponse<String> post(String key, Map<String, Object> body) throws Exception {
    return postRaw(key, json.writeValueAsString(body));
  }

  private static HttpResponse<String> postRaw(String key, String body) throws Exception {
    return http.send(
        authorized(uri(SUBMIT), key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String key, String path) throws Exception {
    return http.send(authorized(uri(path), key).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(URI uri) {
    return authorized(uri, KEY);
  }

  private static HttpRequest.Builder authorized(URI uri, String key) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
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
