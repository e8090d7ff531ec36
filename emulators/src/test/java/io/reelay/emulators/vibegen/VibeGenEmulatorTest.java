package io.reelay.emulators.vibegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VibeGen emulator over real HTTP on an embedded server: the protocol a VibeGen client sees,
 * its callbacks (received by a tiny HTTP server in this test), and every failure mode its prompt
 * markers steer.
 */
class VibeGenEmulatorTest {

  private static final String KEY = "vibegen-test-key";
  private static final String MODEL = "seedance 2.0";
  private static final String CREATE = "/emulators/vibegen/api/v1/generations";
  private static final String TASKS = "/emulators/vibegen/api/v1/tasks";
  private static final Set<String> TASK_FIELDS =
      Set.of("id", "status", "model", "task_type", "prompt", "video_url", "created_at", "completed_at", "error");
  private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  private static EmbeddedServer server;
  private static JsonMapper json;
  private static HttpServer receiver;
  private static final Map<String, BlockingQueue<Callback>> callbacks = new ConcurrentHashMap<>();
  private static final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One POST the callback receiver got. */
  record Callback(String method, String contentType, Map<String, Object> body, long receivedAtMillis) {}

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(120)).start();
    server = startServer(Map.of("reelay.emulators.vibegen.delay-seconds", "1"));
    json = server.getApplicationContext().getBean(JsonMapper.class);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, Object> parsed =
                json.readValue(body, Argument.mapOf(String.class, Object.class));
            callbacks
                .computeIfAbsent(exchange.getRequestURI().getPath(), p -> new LinkedBlockingQueue<>())
                .add(new Callback(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), parsed,
                    System.currentTimeMillis()));
            exchange.sendResponseHeaders(204, -1);
          } finally {
            exchange.close();
          }
        });
    receiver.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (receiver != null) {
      receiver.stop(0);
    }
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
    properties.put("reelay.emulators.vibegen.enabled", "true");
    properties.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  @Test
  void aTaskGoesFromPendingThroughProcessingToACallbackAndARealDownloadableVideo() throws Exception {
    String hook = hook();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("model", MODEL);
    request.put("prompt", "a lighthouse at dusk [vibegen:delay=3]");
    request.put("duration", 5);
    request.put("aspect_ratio", "9:16");
    request.put("resolution", "480p");
    request.put("generate_audio", false);
    request.put("callback_url", receiverUrl(hook));
    HttpResponse<String> submitted = post(KEY, request);
    assertEquals(201, submitted.statusCode(), submitted.body());
    Map<String, Object> envelope = read(submitted);
    assertEquals(Set.of("success", "data"), envelope.keySet());
    assertEquals(true, envelope.get("success"));
    Map<String, Object> created = data(envelope);
    assertEquals(Set.of("id", "status", "model", "task_type", "created_at"), created.keySet());
    String id = (String) created.get("id");
    assertEquals(id, UUID.fromString(id).toString());
    assertEquals("pending", created.get("status"));
    assertEquals(MODEL, created.get("model"));
    assertEquals("text_to_video", created.get("task_type"));
    assertTrue(((String) created.get("created_at")).matches(TIMESTAMP), created.toString());

    List<String> seen = new ArrayList<>();
    Map<String, Object> last = null;
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      last = task(id);
      assertEquals(TASK_FIELDS, last.keySet());
      String status = (String) last.get("status");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      if (status.equals("completed")) {
        break;
      }
      assertNull(last.get("video_url"));
      assertNull(last.get("completed_at"));
      assertNull(last.get("error"));
      Thread.sleep(100);
    }
    assertEquals(List.of("pending", "processing", "completed"), seen);
    assertEquals(id, last.get("id"));
    assertEquals(MODEL, last.get("model"));
    assertEquals("text_to_video", last.get("task_type"));
    assertEquals("a lighthouse at dusk [vibegen:delay=3]", last.get("prompt"));
    assertEquals(created.get("created_at"), last.get("created_at"));
    assertTrue(((String) last.get("completed_at")).matches(TIMESTAMP), last.toString());
    assertNull(last.get("error"));
    String videoUrl = (String) last.get("video_url");
    assertTrue(
        videoUrl.matches(
            "http://127\\.0\\.0\\.1:" + server.getPort() + "/emulators/vibegen/files/[0-9a-f]{64}\\.mp4"),
        videoUrl);

    Callback callback = nextCallback(hook, 10);
    assertEquals("POST", callback.method());
    assertTrue(callback.contentType().startsWith("application/json"), callback.contentType());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", "task.completed");
    payload.put("task_id", id);
    payload.put("status", "completed");
    payload.put("video_url", videoUrl);
    payload.put("created_at", created.get("created_at"));
    payload.put("completed_at", last.get("completed_at"));
    assertEquals(payload, callback.body());
    assertEquals("completed", task(id).get("status"));
    assertNoCallback(hook, 500); // exactly one

    // like a signed CDN URL: no API key needed
    HttpResponse<byte[]> video =
        http.send(HttpRequest.newBuilder(URI.create(videoUrl)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode());
    assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElse(""));
    assertEquals("ftyp", new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII));
    Path file = Files.write(dataDir.resolve("downloaded-" + id + ".mp4"), video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertEquals(480, facts.width());
    assertEquals(854, facts.height());
    assertEquals(5000, facts.durationMillis());
  }

  @Test
  void imageUrlsMakeAnImageToVideoTask() throws Exception {
    HttpResponse<String> response =
        post(KEY, Map.of("model", MODEL, "prompt", "she opens her eyes",
            "image_urls", List.of("https://example.com/girl.png"), "aspect_ratio", "adaptive"));
    assertEquals(201, response.statusCode(), response.body());
    Map<String, Object> created = data(read(response));
    assertEquals("image_to_video", created.get("task_type"));
    assertEquals("image_to_video", task((String) created.get("id")).get("task_type"));
  }

  @Test
  void aWrongOrMissingKeyIs401() throws Exception {
    Map<String, Object> expected =
        Map.of("success", false,
            "error", Map.of("code", "INVALID_API_KEY", "message", "Invalid or missing API key"));
    HttpResponse<String> wrong = post("sk-wrong", Map.of("model", MODEL, "prompt", "a cat"));
    assertEquals(401, wrong.statusCode());
    assertEquals(expected, read(wrong));

    HttpResponse<String> missing =
        http.send(HttpRequest.newBuilder(uri(TASKS + "/" + UUID.randomUUID())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, missing.statusCode());
    assertEquals(expected, read(missing));

    HttpResponse<String> basic =
        http.send(HttpRequest.newBuilder(uri(TASKS)).header("Authorization", "Basic " + KEY).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, basic.statusCode());
    assertEquals(expected, read(basic));
  }

  @Test
  void invalidRequestsAre400InvalidParameter() throws Exception {
    HttpResponse<String> empty = postRaw(KEY, "{}");
    assertEquals(400, empty.statusCode());
    assertEquals(
        Map.of("success", false,
            "error", Map.of("code", "INVALID_PARAMETER", "message", "Missing required parameters: model, prompt")),
        read(empty));
    HttpResponse<String> noPrompt = postRaw(KEY, "{\"model\": \"seedance 2.0\", \"prompt\": \" \"}");
    assertEquals("Missing required parameters: prompt", error(noPrompt).get("message"));

    String ok = "\"model\": \"seedance 2.0\", \"prompt\": \"a cat\"";
    List<String> bodies =
        List.of(
            "{\"prompt\": \"a cat\"}",
            "{\"model\": \"seedance-2.0\", \"prompt\": \"a cat\"}",
            "{\"model\": \"seedance 2.0\", \"prompt\": 42}",
            "{\"model\": \"seedance 2.0\", \"prompt\": \"" + "x".repeat(2001) + "\"}",
            "{" + ok + ", \"duration\": 7}",
            "{" + ok + ", \"duration\": \"5\"}",
            "{" + ok + ", \"aspect_ratio\": \"2:1\"}",
            "{" + ok + ", \"resolution\": \"4k\"}",
            "{" + ok + ", \"generate_audio\": \"yes\"}",
            "{" + ok + ", \"image_urls\": \"https://example.com/a.png\"}",
            "{" + ok + ", \"image_urls\": [\"not a url\"]}",
            "{" + ok + ", \"callback_url\": \"ftp://example.com/hook\"}",
            "{" + ok + ", \"callback_url\": 5}",
            "[]",
            "{not json");
    for (String body : bodies) {
      HttpResponse<String> response = postRaw(KEY, body);
      assertEquals(400, response.statusCode(), body + " -> " + response.body());
      Map<String, Object> error = error(response);
      assertEquals("INVALID_PARAMETER", error.get("code"), response.body());
      assertTrue(error.get("message") instanceof String m && !m.isBlank(), response.body());
    }
    // the maximum prompt and the other documented values pass
    HttpResponse<String> longest =
        postRaw(KEY, "{\"model\": \"seedance 2.0\", \"prompt\": \"" + "x".repeat(2000)
            + "\", \"duration\": 10, \"aspect_ratio\": \"21:9\", \"resolution\": \"1080p\","
            + " \"generate_audio\": true, \"image_urls\": [], \"callback_url\": null}");
    assertEquals(201, longest.statusCode(), longest.body());
  }

  @Test
  void unknownTasksAndFilesAre404() throws Exception {
    HttpResponse<String> unknown = get(KEY, TASKS + "/" + UUID.randomUUID());
    assertEquals(404, unknown.statusCode());
    assertEquals(
        Map.of("success", false, "error", Map.of("code", "TASK_NOT_FOUND", "message", "Task not found")),
        read(unknown));
    HttpResponse<String> file =
        http.send(HttpRequest.newBuilder(uri("/emulators/vibegen/files/" + "ab".repeat(32) + ".mp4")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, file.statusCode());
  }

  @Test
  void theTaskListFiltersAndPaginates() throws Exception {
    String a = submit("list a [vibegen:never]", null);
    String b = submit("list b [vibegen:never]", null);
    Thread.sleep(300); // past pending (the first tenth of the 1 s delay)
    Map<String, Object> listed = data(read(get(KEY, TASKS + "?status=processing&limit=1&offset=1")));
    @SuppressWarnings("unchecked")
    Map<String, Object> pagination = (Map<String, Object>) listed.get("pagination");
    assertEquals(2, number(pagination, "page"));
    assertEquals(1, number(pagination, "pageSize"));
    assertTrue(number(pagination, "total") >= 2, pagination.toString());
    assertEquals(number(pagination, "total"), number(pagination, "total_pages"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) listed.get("tasks");
    assertEquals(1, tasks.size());
    assertEquals(TASK_FIELDS, tasks.get(0).keySet());
    assertEquals("processing", tasks.get(0).get("status"));
    // newest first: b, then a
    Map<String, Object> first = data(read(get(KEY, TASKS + "?status=processing&limit=2")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> both = (List<Map<String, Object>>) first.get("tasks");
    assertEquals(List.of(b, a), both.stream().map(t -> t.get("id")).toList());
    for (String query : List.of("?status=done", "?limit=0", "?limit=x", "?offset=-1")) {
      HttpResponse<String> invalid = get(KEY, TASKS + query);
      assertEquals(400, invalid.statusCode(), query);
      assertEquals("INVALID_PARAMETER", error(invalid).get("code"));
    }
  }

  @Test
  void theFailMarkerEndsTheTaskFailedWithATaskFailedCallback() throws Exception {
    String hook = hook();
    String id = submit("a cat [vibegen:fail]", receiverUrl(hook));
    Map<String, Object> last = pollUntilSettled(id);
    assertEquals("failed", last.get("status"));
    assertEquals("Content policy violation", last.get("error"));
    assertNull(last.get("video_url"));
    assertNull(last.get("completed_at"));
    assertTrue(last.containsKey("completed_at") && last.containsKey("video_url"), last.toString());

    Map<String, Object> payload = nextCallback(hook, 10).body();
    assertEquals(
        List.of("created_at", "error_message", "event", "failed_at", "status", "task_id"),
        payload.keySet().stream().sorted().toList());
    assertEquals("task.failed", payload.get("event"));
    assertEquals(id, payload.get("task_id"));
    assertEquals("failed", payload.get("status"));
    assertEquals("Content policy violation", payload.get("error_message"));
    assertEquals(last.get("created_at"), payload.get("created_at"));
    assertTrue(((String) payload.get("failed_at")).matches(TIMESTAMP), payload.toString());
  }

  @Test
  void theNeverMarkerKeepsTheTaskProcessing() throws Exception {
    String hook = hook();
    String id = submit("a cat [vibegen:never]", receiverUrl(hook));
    Thread.sleep(1_500); // past the 1 s delay every other task completes in
    assertEquals("processing", task(id).get("status"));
    assertNoCallback(hook, 0);
  }

  @Test
  void theDelayMarkerSetsWhenTheTaskCompletes() throws Exception {
    long start = System.currentTimeMillis();
    String id = submit("a cat [vibegen:delay=2]", null);
    Thread.sleep(1_300); // past the default 1 s
    assertEquals("processing", task(id).get("status"));
    assertEquals("completed", pollUntilSettled(id).get("status"));
    assertTrue(System.currentTimeMillis() - start >= 2_000);
  }

  @Test
  void theServerErrorMarkerAnswers500ForTheFirstNPollsThenRecovers() throws Exception {
    String id = submit("a cat [vibegen:5xx=3]", null);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failing = get(KEY, TASKS + "/" + id);
      assertEquals(500, failing.statusCode());
      assertEquals(
          Map.of("success", false, "error", Map.of("code", "INTERNAL_ERROR", "message", "Internal server error")),
          read(failing));
    }
    assertEquals(id, task(id).get("id"));
  }

  @Test
  void theThrottleMarkerRefusesTheFirstSubmissionOnlyWith429AndRetryAfter() throws Exception {
    String prompt = "a cat " + UUID.randomUUID() + " [vibegen:429]";
    HttpResponse<String> refused = post(KEY, Map.of("model", MODEL, "prompt", prompt));
    assertEquals(429, refused.statusCode());
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(""));
    assertEquals(
        Map.of("success", false,
            "error", Map.of("code", "RATE_LIMIT_EXCEEDED", "message", "Rate limit exceeded. Try again in 2 seconds.")),
        read(refused));
    HttpResponse<String> accepted = post(KEY, Map.of("model", MODEL, "prompt", prompt));
    assertEquals(201, accepted.statusCode(), accepted.body());
  }

  @Test
  void theCreditMarkerIs402InsufficientCredits() throws Exception {
    HttpResponse<String> response =
        post(KEY, Map.of("model", MODEL, "prompt", "a cat [vibegen:402]", "duration", 10, "resolution", "720p"));
    assertEquals(402, response.statusCode());
    assertEquals(
        Map.of("success", false,
            "error", Map.of("code", "INSUFFICIENT_CREDITS", "message", "Insufficient credits. Required: 45, Available: 0")),
        read(response));
  }

  @Test
  void theExpireMarkerMakesTheVideoUrlExpireASecondAfterCompletion() throws Exception {
    String id = submit("a cat [vibegen:expire] [vibegen:delay=0]", null);
    Map<String, Object> completed = pollUntilSettled(id);
    assertEquals("completed", completed.get("status"));
    Thread.sleep(1_200);
    HttpResponse<String> expired =
        http.send(HttpRequest.newBuilder(URI.create((String) completed.get("video_url"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, expired.statusCode());
    assertEquals("URL_EXPIRED", error(expired).get("code"));
  }

  @Test
  void theCallbackTwiceMarkerDeliversTheSameCallbackTwice() throws Exception {
    String hook = hook();
    String id = submit("a cat [vibegen:callback-twice]", receiverUrl(hook));
    Callback first = nextCallback(hook, 10);
    Callback second = nextCallback(hook, 10);
    assertEquals("task.completed", first.body().get("event"));
    assertEquals(id, first.body().get("task_id"));
    assertEquals(first.body(), second.body());
    assertNoCallback(hook, 500);
  }

  @Test
  void theCallbackLateMarkerDeliversTheCallbackNSecondsAfterCompletion() throws Exception {
    String hook = hook();
    long start = System.currentTimeMillis();
    String id = submit("a cat [vibegen:delay=0] [vibegen:callback-late=2]", receiverUrl(hook));
    assertEquals("completed", task(id).get("status"));
    Callback callback = nextCallback(hook, 10);
    assertTrue(callback.receivedAtMillis() - start >= 2_000, (callback.receivedAtMillis() - start) + " ms");
    assertEquals("task.completed", callback.body().get("event"));
  }

  @Test
  void theCallbackEarlyMarkerSendsALyingCallbackBeforeTheTaskIsCompleted() throws Exception {
    String hook = hook();
    String id = submit("a cat [vibegen:callback-early]", receiverUrl(hook));
    Callback lie = nextCallback(hook, 10);
    assertEquals("task.completed", lie.body().get("event"));
    assertEquals("completed", lie.body().get("status"));
    assertEquals(id, lie.body().get("task_id"));
    // polling tells the truth: not completed yet, and the promised video is not there
    Map<String, Object> polled = task(id);
    assertTrue(Set.of("pending", "processing").contains(polled.get("status")), polled.toString());
    assertNull(polled.get("video_url"));
    HttpResponse<String> early =
        http.send(HttpRequest.newBuilder(URI.create((String) lie.body().get("video_url"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, early.statusCode());

    // the genuine callback follows once the task really completes
    Callback truth = nextCallback(hook, 10);
    assertEquals("task.completed", truth.body().get("event"));
    Map<String, Object> completed = task(id);
    assertEquals("completed", completed.get("status"));
    assertEquals(completed.get("video_url"), truth.body().get("video_url"));
    assertEquals(completed.get("completed_at"), truth.body().get("completed_at"));
    assertTrue(truth.receivedAtMillis() - lie.receivedAtMillis() >= 2_000);
  }

  @Test
  void theNoCallbackMarkerNeverCallsTheCallbackUrl() throws Exception {
    String hook = hook();
    String id = submit("a cat [vibegen:no-callback]", receiverUrl(hook));
    assertEquals("completed", pollUntilSettled(id).get("status"));
    assertNoCallback(hook, 1_500);
  }

  @Test
  void creationsAndQueriesHaveSeparateLimitsAnsweredWith429AndRetryAfter() throws Exception {
    EmbeddedServer limited =
        startServer(Map.of(
            "reelay.emulators.vibegen.creations-per-minute", "2",
            "reelay.emulators.vibegen.queries-per-minute", "3"));
    try {
      URI create = URI.create(limited.getURL() + CREATE);
      URI unknown = URI.create(limited.getURL() + TASKS + "/" + UUID.randomUUID());
      String body = json.writeValueAsString(Map.of("model", MODEL, "prompt", "a cat"));
      for (int i = 0; i < 2; i++) {
        assertEquals(201, http.send(authorized(create, KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      HttpResponse<String> refused =
          http.send(authorized(create, KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertRateLimited(refused);
      // queries are counted separately
      for (int i = 0; i < 3; i++) {
        assertEquals(404, http.send(authorized(unknown, KEY).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      assertRateLimited(http.send(authorized(unknown, KEY).GET().build(), HttpResponse.BodyHandlers.ofString()));
      // a wrong key is refused as such, whatever the limits
      assertEquals(401, http.send(authorized(unknown, "sk-wrong").GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    } finally {
      limited.getApplicationContext().close();
    }
  }

  @Test
  void aTaskNotFinishedWithinTheTimeoutFailsWithACallback() throws Exception {
    EmbeddedServer short_ = startServer(Map.of("reelay.emulators.vibegen.timeout-seconds", "1"));
    try {
      String hook = hook();
      URI create = URI.create(short_.getURL() + CREATE);
      String body = json.writeValueAsString(
          Map.of("model", MODEL, "prompt", "a cat [vibegen:never]", "callback_url", receiverUrl(hook)));
      HttpResponse<String> created =
          http.send(authorized(create, KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      String id = (String) data(read(created)).get("id");
      Callback callback = nextCallback(hook, 10);
      assertEquals("task.failed", callback.body().get("event"));
      assertEquals("Video generation timed out after 1 seconds", callback.body().get("error_message"));
      HttpResponse<String> polled =
          http.send(authorized(URI.create(short_.getURL() + TASKS + "/" + id), KEY).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      Map<String, Object> task = data(read(polled));
      assertEquals("failed", task.get("status"));
      assertEquals("Video generation timed out after 1 seconds", task.get("error"));
    } finally {
      short_.getApplicationContext().close();
    }
  }

  // ---- helpers

  private static void assertRateLimited(HttpResponse<String> refused) throws IOException {
    assertEquals(429, refused.statusCode(), refused.body());
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(
        Map.of("success", false,
            "error", Map.of("code", "RATE_LIMIT_EXCEEDED",
                "message", "Rate limit exceeded. Try again in " + retryAfter + " seconds.")),
        read(refused));
  }

  /** A fresh path on the callback receiver, so tests never see each other's callbacks. */
  private static String hook() {
    String path = "/hook/" + UUID.randomUUID();
    callbacks.put(path, new LinkedBlockingQueue<>());
    return path;
  }

  private static String receiverUrl(String hook) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + hook;
  }

  private static Callback nextCallback(String hook, int seconds) throws InterruptedException {
    Callback callback = callbacks.get(hook).poll(seconds, TimeUnit.SECONDS);
    assertNotNull(callback, "no callback on " + hook + " within " + seconds + " s");
    return callback;
  }

  private static void assertNoCallback(String hook, long millis) throws InterruptedException {
    Callback callback = callbacks.get(hook).poll(millis, TimeUnit.MILLISECONDS);
    assertNull(callback, () -> "unexpected callback " + callback);
  }

  private static String submit(String prompt, String callbackUrl) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("model", MODEL);
    body.put("prompt", prompt);
    if (callbackUrl != null) {
      body.put("callback_url", callbackUrl);
    }
    HttpResponse<String> response = post(KEY, body);
    assertEquals(201, response.statusCode(), response.body());
    return (String) data(read(response)).get("id");
  }

  private static Map<String, Object> task(String id) throws Exception {
    HttpResponse<String> response = get(KEY, TASKS + "/" + id);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> envelope = read(response);
    assertEquals(true, envelope.get("success"));
    return data(envelope);
  }

  private static Map<String, Object> pollUntilSettled(String id) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      Map<String, Object> task = task(id);
      if (task.get("status").equals("completed") || task.get("status").equals("failed")) {
        return task;
      }
      Thread.sleep(100);
    }
    return fail("task " + id + " did not settle");
  }

  private static HttpResponse<String> post(String key, Map<String, Object> body) throws Exception {
    return postRaw(key, json.writeValueAsString(body));
  }

  private static HttpResponse<String> postRaw(String key, String body) throws Exception {
    return http.send(
        authorized(uri(CREATE), key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String key, String path) throws Exception {
    return http.send(authorized(uri(path), key).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authorized(URI uri, String key) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json");
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  private static Map<String, Object> read(HttpResponse<String> response) throws IOException {
    assertNotEquals("", response.body(), "empty body, status " + response.statusCode());
    return json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> envelope) {
    assertTrue(envelope.get("data") instanceof Map, envelope.toString());
    return (Map<String, Object>) envelope.get("data");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(HttpResponse<String> response) throws IOException {
    Map<String, Object> body = read(response);
    assertEquals(false, body.get("success"), response.body());
    assertTrue(body.get("error") instanceof Map, response.body());
    return (Map<String, Object>) body.get("error");
  }

  private static double number(Map<String, Object> body, String field) {
    assertTrue(body.get(field) instanceof Number, field + " in " + body);
    return ((Number) body.get(field)).doubleValue();
  }
}
