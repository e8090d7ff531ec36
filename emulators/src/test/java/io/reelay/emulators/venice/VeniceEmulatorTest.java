package io.reelay.emulators.venice;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.io.InputStream;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Venice emulator over real HTTP on an embedded server: the quote / queue / retrieve /
 * complete protocol a Venice client sees, its per-key rate limits, and every failure mode its
 * prompt markers steer. Job state is checked in PostgreSQL, where the emulator keeps it.
 */
class VeniceEmulatorTest {

  private static final String KEY = "venice-test-key";
  private static final String OTHER_KEY = "venice-other-key";
  private static final String API = "/emulators/venice/api/v1/video/";
  private static final String T2V = "kling-2.5-turbo-pro-text-to-video";
  private static final String I2V = "kling-2.5-turbo-pro-image-to-video";

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  private static EmbeddedServer server;
  private static JsonMapper json;
  private static HttpServer images;
  private static final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
    // limits out of the way here; one test below checks the default ones
    server =
        startServer(
            Map.of(
                "reelay.emulators.venice.delay-seconds", "1",
                "reelay.emulators.venice.queue-per-minute", "100000",
                "reelay.emulators.venice.retrieve-per-minute", "100000"));
    json = server.getApplicationContext().getBean(JsonMapper.class);
    // where image_url points when it is a URL: a PNG, some text, and nothing
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] png = png();
    images.createContext("/cat.png", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, png.length);
      exchange.getResponseBody().write(png);
      exchange.close();
    });
    images.createContext("/notes.txt", exchange -> {
      byte[] text = "not an image".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, text.length);
      exchange.getResponseBody().write(text);
      exchange.close();
    });
    images.createContext("/gone.png", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    images.start();
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
  private static EmbeddedServer startServer(Map<String, Object> extra) {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    properties.put("reelay.emulators.venice.enabled", "true");
    properties.put("reelay.emulators.venice.api-keys", KEY + "," + OTHER_KEY);
    properties.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  // ---- the protocol

  @Test
  void aJobIsQueuedThenProcessingThenDeliversItsMp4AndCompleteDeletesIt() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", T2V);
    body.put("prompt", "a lighthouse at dusk [venice:delay=4]");
    body.put("negative_prompt", "blurry");
    body.put("duration", "5s");
    body.put("resolution", "720p");
    body.put("aspect_ratio", "9:16");
    body.put("audio", true);
    body.put("seed", 7);
    HttpResponse<String> queued = post(KEY, "queue", body);
    assertEquals(200, queued.statusCode(), queued.body());
    Map<String, Object> accepted = read(queued);
    String id = (String) accepted.get("queueid");
    assertEquals(id, UUID.fromString(id).toString());
    assertEquals("queued", accepted.get("status"));
    Map<String, Object> row = row(id);
    assertEquals(T2V, row.get("model"));
    assertEquals("blurry", row.get("negative_prompt"));
    assertEquals(5, row.get("duration_seconds"));
    assertEquals("720p", row.get("resolution"));
    assertEquals("9:16", row.get("aspect_ratio"));
    assertEquals(true, row.get("audio"));
    assertEquals(7L, row.get("seed"));
    assertEquals(null, row.get("image_type"));

    List<String> seen = new ArrayList<>();
    HttpResponse<byte[]> last = null;
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      last = retrieveBytes(KEY, T2V, id);
      assertEquals(200, last.statusCode(), new String(last.body(), StandardCharsets.UTF_8));
      String type = last.headers().firstValue("Content-Type").orElse("");
      String status = type.startsWith("video/mp4") ? "video" : (String) read(last.body()).get("status");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      if (status.equals("processing")) {
        Map<String, Object> processing = read(last.body());
        double spent = number(processing, "executionDuration");
        double estimated = number(processing, "estimatedDuration");
        assertTrue(spent >= 0 && spent <= estimated && estimated == 3600, spent + " of " + estimated);
      }
      if (status.equals("video")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(List.of("queued", "processing", "video"), seen);
    assertEquals(String.valueOf(last.body().length), last.headers().firstValue("Content-Length").orElse(""));
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(Files.write(dataDir.resolve("venice-" + id + ".mp4"), last.body()));
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
    assertEquals(5000, facts.durationMillis());

    // without delete_media_on_completion the video stays until complete
    assertEquals(200, retrieveBytes(KEY, T2V, id).statusCode());
    HttpResponse<String> completed = post(KEY, "complete", Map.of("model", T2V, "queueid", id));
    assertEquals(200, completed.statusCode(), completed.body());
    assertEquals(Map.of("success", true), read(completed));
    assertTrue(row(id).get("deleted_at") != null);
    HttpResponse<String> gone = post(KEY, "retrieve", Map.of("model", T2V, "queueid", id));
    assertEquals(404, gone.statusCode());
    assertTrue(read(gone).get("error") instanceof String);
    assertEquals(404, post(KEY, "complete", Map.of("model", T2V, "queueid", id)).statusCode());
  }

  @Test
  void deleteMediaOnCompletionDeletesTheVideoOnceItWasDelivered() throws Exception {
    String id = queue(T2V, "a short one [venice:delay=0]");
    Map<String, Object> body = Map.of("model", T2V, "queueid", id, "delete_media_on_completion", true);
    HttpResponse<byte[]> video = awaitVideo(KEY, body);
    assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElse(""));
    awaitTrue(() -> row(id).get("deleted_at") != null, "deleted after delivery");
    assertEquals(404, post(KEY, "retrieve", Map.of("model", T2V, "queueid", id)).statusCode());
  }

  @Test
  void quoteAnswersThePriceOfAConfiguration() throws Exception {
    assertQuote(Map.of("model", T2V, "duration", "5s"), "0.35");
    assertQuote(Map.of("model", T2V, "duration", "10s", "resolution", "1080p", "audio", true), "1.20");
    assertQuote(Map.of("model", "veo3-fast", "duration", "5s", "resolution", "720p", "aspect_ratio", "1:1"), "0.75");
    assertQuote(Map.of("model", I2V, "duration", "5s", "audio", false), "0.35");

    for (Map<String, Object> invalid :
        List.of(
            Map.<String, Object>of("model", T2V),
            Map.<String, Object>of("model", T2V, "duration", "7s"),
            Map.<String, Object>of("model", T2V, "duration", 5),
            Map.<String, Object>of("model", "no-such-model", "duration", "5s"),
            Map.<String, Object>of("model", T2V, "duration", "5s", "resolution", "480p"),
            Map.<String, Object>of("model", T2V, "duration", "5s", "audio", "yes"))) {
      HttpResponse<String> refused = post(KEY, "quote", invalid);
      assertEquals(400, refused.statusCode(), invalid + " -> " + refused.body());
      assertValidationShape(refused);
    }
  }

  @Test
  void everyEndpointWantsAKnownBearerKey() throws Exception {
    for (String endpoint : List.of("quote", "queue", "retrieve", "complete")) {
      HttpResponse<String> wrong = post("sk-wrong", endpoint, Map.of("model", T2V, "duration", "5s", "prompt", "a cat"));
      assertEquals(401, wrong.statusCode(), endpoint);
      assertTrue(read(wrong).get("error") instanceof String);
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(uri(API + endpoint))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, missing.statusCode(), endpoint);
    }
  }

  @Test
  void invalidQueueRequestsAre400WithTheFieldAtFault() throws Exception {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("{\"model\": \"" + T2V + "\", \"duration\": \"5s\"}", "prompt");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"\", \"duration\": \"5s\"}", "prompt");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"" + "x".repeat(2501) + "\", \"duration\": \"5s\"}", "prompt");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\"}", "duration");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": 5}", "duration");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"6s\"}", "duration");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"resolution\": \"4k\"}", "resolution");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"aspect_ratio\": \"4:3\"}", "aspect_ratio");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"audio\": 1}", "audio");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"seed\": 1.5}", "seed");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"seed\": \"x\"}", "seed");
    bodies.put("{\"model\": \"no-such-model\", \"prompt\": \"a cat\", \"duration\": \"5s\"}", "model");
    bodies.put("{\"prompt\": \"a cat\", \"duration\": \"5s\"}", "model");
    bodies.put("{\"model\": \"" + I2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\"}", "image_url");
    bodies.put("{\"model\": \"" + T2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"image_url\": \"" + dataUri("image/png", png()) + "\"}", "image_url");
    bodies.put("{\"model\": \"" + I2V + "\", \"prompt\": \"a cat\", \"duration\": \"5s\", \"image_url\": 42}", "image_url");
    for (Map.Entry<String, String> entry : bodies.entrySet()) {
      HttpResponse<String> response = postRaw(KEY, "queue", entry.getKey());
      String shown = entry.getKey().length() > 120 ? entry.getKey().substring(0, 120) : entry.getKey();
      assertEquals(400, response.statusCode(), shown + " -> " + response.body());
      Map<String, Object> error = assertValidationShape(response);
      assertEquals(java.util.Set.of(entry.getValue()), ((Map<?, ?>) error.get("details")).keySet(), shown);
    }
    for (String notAnObject : List.of("[]", "{not json", "")) {
      HttpResponse<String> response = postRaw(KEY, "queue", notAnObject);
      assertEquals(400, response.statusCode(), notAnObject);
      assertTrue(read(response).get("error") instanceof String);
    }
  }

  @Test
  void retrieveAndCompleteAnswer404ForAnUnknownIdAWrongModelOrAnotherKeysJob() throws Exception {
    String id = queue(T2V, "mine [venice:delay=0]");
    assertEquals(404, post(KEY, "retrieve", Map.of("model", T2V, "queueid", UUID.randomUUID().toString())).statusCode());
    HttpResponse<String> wrongModel = post(KEY, "retrieve", Map.of("model", "veo3-fast", "queueid", id));
    assertEquals(404, wrongModel.statusCode());
    assertEquals(Map.of("error", "No video found for this model and queueid"), read(wrongModel));
    assertEquals(404, post(OTHER_KEY, "retrieve", Map.of("model", T2V, "queueid", id)).statusCode());
    assertEquals(404, post(KEY, "complete", Map.of("model", "veo3-fast", "queueid", id)).statusCode());
    assertEquals(404, post(OTHER_KEY, "complete", Map.of("model", T2V, "queueid", id)).statusCode());
    assertEquals(400, post(KEY, "retrieve", Map.of("model", T2V)).statusCode());
    assertEquals(400, post(KEY, "retrieve", Map.of("model", T2V, "queueid", id, "delete_media_on_completion", "yes")).statusCode());
    // none of those touched the job: its owner still gets it, with the right model
    assertEquals(null, row(id).get("deleted_at"));
    assertEquals("video/mp4", awaitVideo(KEY, Map.of("model", T2V, "queueid", id)).headers().firstValue("Content-Type").orElse(""));
  }

  // ---- image_url

  @Test
  void imageToVideoTakesADataUriOfAJpegPngOrWebp() throws Exception {
    byte[] png = png();
    String pngJob = queueImage(dataUri("image/png", png));
    assertEquals(List.of("image/png", png.length, "data_uri"), imageColumns(pngJob));

    byte[] jpeg = jpeg();
    String jpegJob = queueImage(dataUri("image/jpeg", jpeg));
    assertEquals(List.of("image/jpeg", jpeg.length, "data_uri"), imageColumns(jpegJob));

    byte[] webp = webp();
    String webpJob = queueImage(dataUri("image/webp", webp));
    assertEquals(List.of("image/webp", webp.length, "data_uri"), imageColumns(webpJob));

    // the declared type proves nothing: the bytes decide
    for (String bad :
        List.of(
            dataUri("image/png", "GIF89a not accepted".getBytes(StandardCharsets.US_ASCII)),
            "data:image/png;base64,@@not base64@@",
            "data:image/png,rawtext")) {
      HttpResponse<String> refused = post(KEY, "queue", imageBody(bad));
      assertEquals(400, refused.statusCode(), refused.body());
      Map<String, Object> error = assertValidationShape(refused);
      assertTrue(((Map<?, ?>) error.get("details")).containsKey("image_url"));
      // the refusal does not echo the image
      assertTrue(!refused.body().contains("base64,") && !refused.body().contains("rawtext"), refused.body());
    }
  }

  @Test
  void imageToVideoDownloadsAnHttpImageUrl() throws Exception {
    String base = "http://127.0.0.1:" + images.getAddress().getPort();
    String job = queueImage(base + "/cat.png");
    assertEquals(List.of("image/png", png().length, "url"), imageColumns(job));
    for (String bad : List.of(base + "/notes.txt", base + "/gone.png", "ftp://127.0.0.1/cat.png", "not a url")) {
      HttpResponse<String> refused = post(KEY, "queue", imageBody(bad));
      assertEquals(400, refused.statusCode(), bad + " -> " + refused.body());
      assertTrue(((Map<?, ?>) assertValidationShape(refused).get("details")).containsKey("image_url"));
    }
  }

  // ---- markers

  @Test
  void theFailMarkerEndsTheJobFailedWithAnError() throws Exception {
    String id = queue(T2V, "a cat [venice:fail]");
    Map<String, Object> last = null;
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = post(KEY, "retrieve", Map.of("model", T2V, "queueid", id));
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      last = read(response);
      if (last.get("status").equals("failed")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("failed", last.get("status"));
    assertTrue(last.get("error") instanceof String error && !error.isBlank(), String.valueOf(last));
  }

  @Test
  void theNeverMarkerKeepsTheJobProcessing() throws Exception {
    String id = queue(T2V, "a cat [venice:never]");
    Thread.sleep(1_500); // past the 1 s every other job takes
    Map<String, Object> status = read(post(KEY, "retrieve", Map.of("model", T2V, "queueid", id)));
    assertEquals("processing", status.get("status"));
    assertTrue(number(status, "executionDuration") >= 1_300, String.valueOf(status));
    assertTrue(number(status, "estimatedDuration") > number(status, "executionDuration"), String.valueOf(status));
  }

  @Test
  void theDelayMarkerSetsHowLongTheJobTakes() throws Exception {
    String slow = queue(T2V, "a slow cat [venice:delay=4]");
    String quick = queue(T2V, "a quick cat");
    Thread.sleep(1_500);
    Map<String, Object> status = read(post(KEY, "retrieve", Map.of("model", T2V, "queueid", slow)));
    assertEquals("processing", status.get("status"));
    assertEquals(3600.0, number(status, "estimatedDuration"));
    assertEquals("video/mp4", awaitVideo(KEY, Map.of("model", T2V, "queueid", quick)).headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void theServerErrorMarkerAnswers500ForTheFirstNRetrievesThenRecovers() throws Exception {
    String id = queue(T2V, "a cat [venice:5xx=3]");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failing = post(KEY, "retrieve", Map.of("model", T2V, "queueid", id));
      assertEquals(500, failing.statusCode());
      assertEquals(Map.of("error", "Internal server error"), read(failing));
    }
    HttpResponse<String> recovered = post(KEY, "retrieve", Map.of("model", T2V, "queueid", id));
    assertEquals(200, recovered.statusCode(), recovered.body());
  }

  @Test
  void theThrottleMarkerRefusesTheFirstQueueOnlyWith429AndRetryAfter() throws Exception {
    String prompt = "a cat " + UUID.randomUUID() + " [venice:429]";
    HttpResponse<String> refused = post(KEY, "queue", Map.of("model", T2V, "prompt", prompt, "duration", "5s"));
    assertEquals(429, refused.statusCode());
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(""));
    assertEquals(Map.of("error", "Rate limit exceeded. Try again in 2 seconds."), read(refused));
    HttpResponse<String> accepted = post(KEY, "queue", Map.of("model", T2V, "prompt", prompt, "duration", "5s"));
    assertEquals(200, accepted.statusCode(), accepted.body());
  }

  @Test
  void theBalanceMarkerIs402() throws Exception {
    HttpResponse<String> refused = post(KEY, "queue", Map.of("model", T2V, "prompt", "a cat [venice:402]", "duration", "10s", "resolution", "1080p"));
    assertEquals(402, refused.statusCode());
    assertEquals(Map.of("error", "Insufficient balance: this video costs $1.00"), read(refused));
  }

  @Test
  void thePaddingMarkerMakesABigVideoAndWhatIsSentIsCounted() throws Exception {
    String id = queue(T2V, "a big cat [venice:pad=64] [venice:delay=0]");
    Map<String, Object> body = Map.of("model", T2V, "queueid", id);
    // a client that reads the headers and hangs up gets (nearly) nothing sent
    HttpResponse<InputStream> abandoned = awaitVideoStream(body);
    long length = Long.parseLong(abandoned.headers().firstValue("Content-Length").orElseThrow());
    abandoned.body().close();
    awaitTrue(() -> row(id).get("video_sends").equals(1), "the abandoned answer ended");
    long afterAbandon = (Long) row(id).get("video_bytes_sent");
    assertTrue(afterAbandon < 32L * 1024 * 1024, "sent " + afterAbandon + " of " + length);

    HttpResponse<byte[]> full = retrieveBytes(KEY, T2V, id);
    byte[] video = full.body();
    assertEquals(length, video.length);
    // the padding is a trailing free box of 64 MiB + its header
    int box = video.length - (64 * 1024 * 1024 + 8);
    assertEquals(64 * 1024 * 1024 + 8, java.nio.ByteBuffer.wrap(video, box, 4).getInt());
    assertEquals("free", new String(Arrays.copyOfRange(video, box + 4, box + 8), StandardCharsets.US_ASCII));
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(Files.write(dataDir.resolve("venice-big-" + id + ".mp4"), video));
    assertEquals(5000, facts.durationMillis());
    awaitTrue(() -> row(id).get("video_sends").equals(2), "the full answer ended");
    assertEquals(afterAbandon + length, row(id).get("video_bytes_sent"));
  }

  // ---- rate limits

  @Test
  void byDefaultAKeyMayQueue40AndRetrieve120TimesInASlidingWindowThen429() throws Exception {
    // the default limits, with the window shortened from a minute so the test can see it slide
    EmbeddedServer limited = startServer(Map.of("reelay.emulators.venice.rate-window-seconds", "6"));
    try {
      URI queue = URI.create(limited.getURL() + API + "queue");
      URI retrieve = URI.create(limited.getURL() + API + "retrieve");
      String body = json.writeValueAsString(Map.of("model", T2V, "prompt", "a cat", "duration", "5s"));
      HttpResponse<String> first = send(queue, KEY, body);
      assertEquals(200, first.statusCode(), first.body());
      assertEquals("40", first.headers().firstValue("X-RateLimit-Limit").orElseThrow());
      assertEquals("39", first.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
      String queueId = (String) read(first).get("queueid");
      // refused requests count too, as they would upstream
      for (int i = 1; i < 40; i++) {
        assertEquals(400, send(queue, KEY, "{}").statusCode());
      }
      HttpResponse<String> refused = send(queue, KEY, body);
      assertEquals(429, refused.statusCode());
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= 6, "Retry-After " + retryAfter);
      assertEquals(Map.of("error", "Rate limit exceeded. Try again in " + retryAfter + " seconds."), read(refused));
      assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
      // per key: another key still has its own budget
      assertEquals(200, send(queue, OTHER_KEY, body).statusCode());
      // per endpoint: retrieve has its own budget, of 120
      String retrieveBody = json.writeValueAsString(Map.of("model", T2V, "queueid", queueId));
      HttpResponse<String> firstRetrieve = send(retrieve, KEY, retrieveBody);
      assertEquals(200, firstRetrieve.statusCode());
      assertEquals("120", firstRetrieve.headers().firstValue("X-RateLimit-Limit").orElseThrow());
      for (int i = 1; i < 120; i++) {
        assertEquals(200, send(retrieve, KEY, retrieveBody).statusCode());
      }
      HttpResponse<String> tooManyRetrieves = send(retrieve, KEY, retrieveBody);
      assertEquals(429, tooManyRetrieves.statusCode());
      assertTrue(tooManyRetrieves.headers().firstValue("Retry-After").isPresent());
      // once the oldest requests leave the window, the key is let through again
      Thread.sleep(retryAfter * 1000 + 200);
      assertEquals(200, send(queue, KEY, body).statusCode());
    } finally {
      limited.getApplicationContext().close();
    }
  }

  // ---- helpers

  private static void assertQuote(Map<String, Object> body, String expected) throws Exception {
    HttpResponse<String> response = post(KEY, "quote", body);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> quote = read(response);
    assertEquals(0, new java.math.BigDecimal(expected).compareTo(new java.math.BigDecimal(String.valueOf(quote.get("quote")))), body + " -> " + quote);
    assertEquals("USD", quote.get("currency"));
  }

  private static Map<String, Object> assertValidationShape(HttpResponse<String> response) throws IOException {
    Map<String, Object> error = read(response);
    assertTrue(error.get("error") instanceof String message && !message.isBlank(), response.body());
    assertTrue(error.get("details") instanceof Map<?, ?> details && details.size() == 1, response.body());
    Map<?, ?> field = (Map<?, ?>) ((Map<?, ?>) error.get("details")).values().iterator().next();
    assertEquals(List.of(error.get("error")), field.get("_errors"), response.body());
    return error;
  }

  private static String queue(String model, String prompt) throws Exception {
    HttpResponse<String> response = post(KEY, "queue", Map.of("model", model, "prompt", prompt, "duration", "5s"));
    assertEquals(200, response.statusCode(), response.body());
    return (String) read(response).get("queueid");
  }

  private static Map<String, Object> imageBody(String imageUrl) {
    return Map.of("model", I2V, "prompt", "animate it [venice:never]", "duration", "5s", "image_url", imageUrl);
  }

  private static String queueImage(String imageUrl) throws Exception {
    HttpResponse<String> response = post(KEY, "queue", imageBody(imageUrl));
    assertEquals(200, response.statusCode(), response.body());
    return (String) read(response).get("queueid");
  }

  private static List<Object> imageColumns(String id) throws Exception {
    Map<String, Object> row = row(id);
    return Arrays.asList(row.get("image_type"), row.get("image_bytes"), row.get("image_source"));
  }

  private static HttpResponse<byte[]> awaitVideo(String key, Map<String, Object> body) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<byte[]> response =
          http.send(request(uri(API + "retrieve"), key, json.writeValueAsString(body)), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
      if (response.headers().firstValue("Content-Type").orElse("").startsWith("video/")) {
        return response;
      }
      Thread.sleep(100);
    }
    return fail("no video for " + body);
  }

  private static HttpResponse<InputStream> awaitVideoStream(Map<String, Object> body) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<InputStream> response =
          http.send(request(uri(API + "retrieve"), KEY, json.writeValueAsString(body)), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      if (response.headers().firstValue("Content-Type").orElse("").startsWith("video/")) {
        return response;
      }
      response.body().close();
      Thread.sleep(100);
    }
    return fail("no video for " + body);
  }

  private static HttpResponse<byte[]> retrieveBytes(String key, String model, String id) throws Exception {
    return http.send(
        request(uri(API + "retrieve"), key, json.writeValueAsString(Map.of("model", model, "queueid", id))),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> post(String key, String endpoint, Map<String, Object> body) throws Exception {
    return postRaw(key, endpoint, json.writeValueAsString(body));
  }

  private static HttpResponse<String> postRaw(String key, String endpoint, String body) throws Exception {
    return send(uri(API + endpoint), key, body);
  }

  private static HttpResponse<String> send(URI uri, String key, String body) throws Exception {
    return http.send(request(uri, key, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(URI uri, String key, String body) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  /** The emulator's row of a job, straight from PostgreSQL. */
  private static Map<String, Object> row(String queueId) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM venice_emulator_jobs WHERE queue_id = ?")) {
      ps.setString(1, queueId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no row for " + queueId);
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    }
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Condition condition, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(100);
    }
    fail("timed out waiting: " + what);
  }

  private static Map<String, Object> read(HttpResponse<String> response) throws IOException {
    assertNotEquals("", response.body(), "empty body, status " + response.statusCode());
    return json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
  }

  private static Map<String, Object> read(byte[] body) throws IOException {
    return json.readValue(body, Argument.mapOf(String.class, Object.class));
  }

  private static double number(Map<String, Object> body, String field) {
    assertTrue(body.get(field) instanceof Number, field + " in " + body);
    return ((Number) body.get(field)).doubleValue();
  }

  static String dataUri(String type, byte[] bytes) {
    return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] png() throws IOException {
    return encode("png");
  }

  static byte[] jpeg() throws IOException {
    return encode("jpg");
  }

  /** Only the header is checked, so a RIFF/WEBP/VP8 preamble is enough. */
  static byte[] webp() {
    byte[] webp = new byte[64];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
    webp[4] = 56;
    System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 8);
    return webp;
  }

  private static byte[] encode(String format) throws IOException {
    BufferedImage image = new BufferedImage(32, 18, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 32; x++) {
      for (int y = 0; y < 18; y++) {
        image.setRGB(x, y, (x * 8) << 16 | (y * 14) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
