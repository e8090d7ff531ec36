package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.activities.assets.Mp4Probe;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Venice door (/compat/venice) on the real stack, played as a client written from Venice's
 * video document: quote, queue, poll retrieve until the MP4 itself arrives, complete; image to
 * video from a data: URI and from a URL; delete_media_on_completion; every documented error
 * status in Venice's {"error": ...} shape.
 */
class VeniceDoorEndToEndTest {

  private static final String BASE = "/compat/venice/api/v1";
  private static final String T2V = "kling-2.5-turbo-pro-text-to-video";
  private static final String I2V = "wan-2.5-preview-image-to-video";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalStack stack;
  private static LoopbackImageServer images;
  private static byte[] png;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    images = LoopbackImageServer.start();
    png = images.bytes();
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_FAST_POLL_SECONDS", "2",
                // this stack may fetch the test's image from 127.0.0.1
                "REELAY_IMAGES_ALLOWED_HOSTS", "127.0.0.1",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (images != null) {
      images.close();
    }
  }

  @Test
  void textToVideoIsQuotedQueuedRetrievedChargedTheQuoteAndCompleted() throws Exception {
    String key = stack.newAccount("venice-t2v", "5.00");
    Map<String, Object> options = body("model", T2V, "duration", "10s", "resolution", "720p", "aspect_ratio", "16:9", "audio", true);
    HttpResponse<String> quoted = stack.post(BASE + "/video/quote", key, options, Map.of());
    assertEquals(200, quoted.statusCode(), quoted.body());
    JsonNode quote = LocalStack.json(quoted);
    assertTrue(quote.get("quote").isNumber(), quoted.body());
    assertEquals("USD", quote.get("currency").asText());
    BigDecimal price = quote.get("quote").decimalValue();
    assertEquals(0, new BigDecimal("0.60").compareTo(price), "sim-studio: (0.05 + 0.01 audio) × 10 s");

    Map<String, Object> queue = new LinkedHashMap<>(options);
    queue.put("prompt", "A serene forest with sunlight filtering through trees [sim:delay=3]");
    queue.put("negative_prompt", "low quality, blurry");
    HttpResponse<String> queued = stack.post(BASE + "/video/queue", key, queue, Map.of());
    assertEquals(200, queued.statusCode(), queued.body());
    assertEquals("queued", LocalStack.json(queued).get("status").asText());
    String queueId = LocalStack.json(queued).get("queueid").asText();
    assertEquals(0, price.compareTo(ledgerAmount(key, queueId, "reserve")), "the hold is the quote");

    Retrieved first = pollForVideo(key, T2V, queueId, false);
    assertTrue(first.waitingAnswers() > 0, "retrieve answered JSON while the job ran");
    Mp4Probe.VideoFacts facts = probe(first.video());
    assertEquals(1280, facts.width());
    assertEquals(720, facts.height());
    assertTrue(Math.abs(facts.durationMillis() - 10_000) <= 100, "duration " + facts.durationMillis());

    JsonNode generation = stack.awaitStatus(key, queueId, "completed", Duration.ofSeconds(30));
    assertEquals("sim-studio", generation.get("model").asText());
    assertEquals(0, price.compareTo(generation.get("cost_usd").decimalValue()), generation.toString());
    assertEquals(0, price.compareTo(ledgerAmount(key, queueId, "capture")), "the charge is the quote");
    assertBalance(key, new BigDecimal("5.00").subtract(price));
    assertEquals("venice", stack.recordedDoor(queueId));

    // without delete_media_on_completion the video stays: a second retrieve gets it again
    HttpResponse<byte[]> again = retrieve(key, T2V, queueId, false);
    assertEquals("video/mp4", again.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(first.video(), again.body());

    HttpResponse<String> completed = stack.post(BASE + "/video/complete", key, Map.of("model", T2V, "queueid", queueId), Map.of());
    assertEquals(200, completed.statusCode(), completed.body());
    assertTrue(LocalStack.json(completed).get("success").asBoolean());
    assertGone(key, T2V, queueId);
    assertBalance(key, new BigDecimal("5.00").subtract(price));
    // complete is idempotent
    assertEquals(200, stack.post(BASE + "/video/complete", key, Map.of("model", T2V, "queueid", queueId), Map.of()).statusCode());
  }

  @Test
  void imageToVideoFromADataUriDeletesItsMediaOnceRetrieved() throws Exception {
    String key = stack.newAccount("venice-i2v", "1.00");
    Map<String, Object> queue =
        body(
            "model", I2V,
            "prompt", "Animate this scene with gentle motion [sim:delay=2]",
            "image_url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png),
            "duration", "5s",
            "resolution", "720p");
    BigDecimal price = LocalStack.json(stack.post(BASE + "/video/quote", key, queue, Map.of())).get("quote").decimalValue();
    assertEquals(0, new BigDecimal("0.25").compareTo(price));
    HttpResponse<String> queued = stack.post(BASE + "/video/queue", key, queue, Map.of());
    assertEquals(200, queued.statusCode(), queued.body());
    String queueId = LocalStack.json(queued).get("queueid").asText();

    // the flag rides along on every poll: it deletes nothing until the video was delivered
    Retrieved retrieved = pollForVideo(key, I2V, queueId, true);
    assertTrue(retrieved.waitingAnswers() > 0);
    assertEquals(720, probe(retrieved.video()).height());
    assertGone(key, I2V, queueId);
    assertBalance(key, new BigDecimal("1.00").subtract(price));
  }

  @Test
  void imageToVideoFromAUrl() throws Exception {
    String key = stack.newAccount("venice-i2v-url", "1.00");
    Map<String, Object> queue =
        body(
            "model", "veo3-fast",
            "prompt", "the scene comes alive",
            "image_url", images.url("/scene.png"),
            "duration", "5s",
            "aspect_ratio", "9:16");
    HttpResponse<String> queued = stack.post(BASE + "/video/queue", key, queue, Map.of());
    assertEquals(200, queued.statusCode(), queued.body());
    String queueId = LocalStack.json(queued).get("queueid").asText();
    Mp4Probe.VideoFacts facts = probe(pollForVideo(key, "veo3-fast", queueId, false).video());
    assertEquals(720, facts.width(), "9:16 at the document's default 720p");
    assertEquals(1280, facts.height());
    // the same job through the native API
    JsonNode generation = LocalStack.json(stack.get("/v1/generations/" + queueId, key));
    assertEquals("completed", generation.get("status").asText());
    assertEquals("720p", generation.get("resolution").asText());
  }

  @Test
  void errorsHaveVeniceStatusesAndShape() throws Exception {
    String key = stack.newAccount("venice-errors", "1.00");
    Map<String, Object> good = body("model", T2V, "prompt", "a lighthouse", "duration", "5s");

    // 401
    assertError(stack.post(BASE + "/video/queue", null, good, Map.of()), 401, null);
    assertError(stack.post(BASE + "/video/quote", "not-a-key", good, Map.of()), 401, null);

    // 400, the field named in details
    assertError(stack.post(BASE + "/video/queue", key, without(good, "model"), Map.of()), 400, "model");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "model", "kling-9-ultra"), Map.of()), 400, "model");
    assertError(stack.post(BASE + "/video/queue", key, without(good, "prompt"), Map.of()), 400, "prompt");
    assertError(stack.post(BASE + "/video/queue", key, without(good, "duration"), Map.of()), 400, "duration");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "duration", "7s"), Map.of()), 400, "duration");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "duration", 5), Map.of()), 400, "duration");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "resolution", "480p"), Map.of()), 400, "resolution");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "aspect_ratio", "4:3"), Map.of()), 400, "aspect_ratio");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "audio", "yes"), Map.of()), 400, "audio");
    assertError(stack.post(BASE + "/video/queue", key, with(good, "image_url", "ftp://example.com/a.png"), Map.of()), 400, "image_url");
    assertError(stack.post(BASE + "/video/quote", key, with(good, "duration", "20s"), Map.of()), 400, "duration");
    assertError(stack.post(BASE + "/video/queue", key, "{\"model\": ", Map.of()), 400, null);
    assertError(stack.post(BASE + "/video/retrieve", key, Map.of("model", T2V), Map.of()), 400, "queueid");

    // 404: no such job, another account's job, no such path
    assertError(stack.post(BASE + "/video/retrieve", key, Map.of("model", T2V, "queueid", "abc123-def456"), Map.of()), 404, null);
    assertError(stack.post(BASE + "/video/retrieve", key, Map.of("model", T2V, "queueid", UUID.randomUUID().toString()), Map.of()), 404, null);
    String theirs = stack.newAccount("venice-someone-else", "1.00");
    String theirJob = LocalStack.json(stack.post(BASE + "/video/queue", theirs, good, Map.of())).get("queueid").asText();
    assertError(stack.post(BASE + "/video/retrieve", key, Map.of("model", T2V, "queueid", theirJob), Map.of()), 404, null);
    assertError(stack.post(BASE + "/video/complete", key, Map.of("model", T2V, "queueid", theirJob), Map.of()), 404, null);
    assertError(stack.post(BASE + "/video/nothing-here", key, good, Map.of()), 404, null);

    // a job must be named with its model: a native sim-fast generation is not a Kling job
    HttpResponse<String> nativeJob =
        stack.post("/v1/generations", key, Map.of("model", "sim-fast", "prompt", "native", "duration_seconds", 1), Map.of());
    assertEquals(201, nativeJob.statusCode(), nativeJob.body());
    String nativeId = LocalStack.json(nativeJob).get("id").asText();
    assertError(stack.post(BASE + "/video/retrieve", key, Map.of("model", T2V, "queueid", nativeId), Map.of()), 400, "model");

    // a job that has not finished cannot be completed
    String endless = LocalStack.json(stack.post(BASE + "/video/queue", key, with(good, "prompt", "forever [sim:never]"), Map.of())).get("queueid").asText();
    assertError(stack.post(BASE + "/video/complete", key, Map.of("model", T2V, "queueid", endless), Map.of()), 400, "queueid");

    // 402: nothing held, nothing created
    String poor = stack.newAccount("venice-poor", "0.20");
    assertError(stack.post(BASE + "/video/queue", poor, with(good, "duration", "10s"), Map.of()), 402, null);
    assertBalance(poor, new BigDecimal("0.20"));
    assertEquals(0, LocalStack.json(stack.get("/v1/generations", poor)).get("data").size());

    // 500: the job failed; the hold goes back
    String unlucky = stack.newAccount("venice-failed", "1.00");
    String failing = LocalStack.json(stack.post(BASE + "/video/queue", unlucky, with(good, "prompt", "breaks [sim:fail]"), Map.of())).get("queueid").asText();
    HttpResponse<byte[]> failed = null;
    for (int i = 0; i < 120; i++) {
      failed = retrieve(unlucky, T2V, failing, false);
      if (failed.statusCode() != 200) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals(500, failed.statusCode(), new String(failed.body()));
    JsonNode failure = JSON.readTree(failed.body());
    assertEquals("failed", failure.get("status").asText());
    assertTrue(failure.get("error").asText().startsWith("Generation failed"), failure.toString());
    stack.awaitStatus(unlucky, failing, "failed", Duration.ofSeconds(10));
    assertBalance(unlucky, new BigDecimal("1.00"));

    // 429: a key allowed two requests a minute; Retry-After says when to come back
    HttpResponse<String> issued =
        stack.post("/v1/keys", key, Map.of("name", "venice-slow", "rate_limit_per_minute", 2), Map.of());
    assertEquals(201, issued.statusCode(), issued.body());
    String slow = LocalStack.json(issued).get("key").asText();
    assertEquals(200, stack.post(BASE + "/video/quote", slow, good, Map.of()).statusCode());
    assertEquals(200, stack.post(BASE + "/video/quote", slow, good, Map.of()).statusCode());
    HttpResponse<String> limited = stack.post(BASE + "/video/quote", slow, good, Map.of());
    assertError(limited, 429, null);
    assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) > 0);
  }

  @Test
  void theModelsListNamesTheDocumentsModels() throws Exception {
    String key = stack.newAccount("venice-models", "1.00");
    HttpResponse<String> response = stack.get(BASE + "/models?type=video", key);
    assertEquals(200, response.statusCode(), response.body());
    List<String> ids = new ArrayList<>();
    LocalStack.json(response).get("data").forEach(model -> ids.add(model.get("id").asText()));
    assertEquals(
        List.of(T2V, "kling-2.5-turbo-pro-image-to-video", I2V, "ltx-2-full", "veo3-fast", "sora-2"), ids);
    assertEquals(0, LocalStack.json(stack.get(BASE + "/models?type=image", key)).get("data").size());
  }

  // ---------------------------------------------------------------------------------------------

  /** What the document's polling loop ends with: the video, and how many JSON answers came first. */
  private record Retrieved(byte[] video, int waitingAnswers) {}

  /** The document's polling loop: JSON means still running, a video/ content type is the video. */
  private static Retrieved pollForVideo(String key, String model, String queueId, boolean deleteOnCompletion) throws Exception {
    int waiting = 0;
    for (int i = 0; i < 240; i++) {
      HttpResponse<byte[]> response = retrieve(key, model, queueId, deleteOnCompletion);
      assertEquals(200, response.statusCode(), new String(response.body()));
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (type.startsWith("video/")) {
        assertEquals("video/mp4", type);
        assertEquals(response.body().length, Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow()));
        return new Retrieved(response.body(), waiting);
      }
      assertTrue(type.startsWith("application/json"), type);
      JsonNode status = JSON.readTree(response.body());
      assertTrue(List.of("queued", "processing").contains(status.get("status").asText()), status.toString());
      assertTrue(status.get("executionDuration").isIntegralNumber(), status.toString());
      if (deleteOnCompletion) {
        assertNotEquals("expired", LocalStack.json(stack.get("/v1/generations/" + queueId, key)).get("status").asText());
      }
      waiting++;
      Thread.sleep(250);
    }
    throw new AssertionError("job " + queueId + " never delivered its video");
  }

  private static HttpResponse<byte[]> retrieve(String key, String model, String queueId, boolean deleteOnCompletion) throws Exception {
    Map<String, Object> body = Map.of("model", model, "queueid", queueId, "delete_media_on_completion", deleteOnCompletion);
    return http.send(
        HttpRequest.newBuilder(stack.uri(BASE + "/video/retrieve"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The stored video is deleted: retrieve answers 404, the native API shows the generation expired, its content 410. */
  private static void assertGone(String key, String model, String queueId) throws Exception {
    // delete_media_on_completion deletes right after the download: give it a moment
    stack.awaitStatus(key, queueId, "expired", Duration.ofSeconds(10));
    HttpResponse<byte[]> retrieved = retrieve(key, model, queueId, false);
    assertEquals(404, retrieved.statusCode());
    assertTrue(JSON.readTree(retrieved.body()).get("error").asText().contains("deleted"), new String(retrieved.body()));
    HttpResponse<String> content = stack.get("/v1/generations/" + queueId + "/content", key);
    assertEquals(410, content.statusCode(), content.body());
    assertEquals("CONTENT_GONE", LocalStack.json(content).get("error").get("code").asText());
  }

  /** Venice's envelope: {"error": "<message>"}, and details naming the field of a 400. */
  private static void assertError(HttpResponse<String> response, int status, String field) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
    JsonNode body = LocalStack.json(response);
    assertTrue(body.get("error").isTextual() && !body.get("error").asText().isBlank(), response.body());
    if (field != null) {
      assertTrue(body.path("details").path(field).path("_errors").get(0).isTextual(), response.body());
    }
  }

  private static void assertBalance(String key, BigDecimal expected) throws Exception {
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, expected.compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum(), balance.toString());
  }

  /** The amount of the ledger entry of this kind for the generation, read through GET /v1/ledger. */
  private static BigDecimal ledgerAmount(String key, String generationId, String kind) throws Exception {
    for (JsonNode entry : LocalStack.json(stack.get("/v1/ledger?limit=100", key)).get("data")) {
      if (generationId.equals(entry.get("generation_id").asText()) && kind.equals(entry.get("kind").asText())) {
        return entry.get("amount_usd").decimalValue().abs();
      }
    }
    throw new AssertionError("no " + kind + " entry for " + generationId);
  }

  private static Mp4Probe.VideoFacts probe(byte[] video) throws Exception {
    Path file = Files.createTempFile(stack.workDir, "venice-", ".mp4");
    Files.write(file, video);
    return Mp4Probe.probe(file);
  }

  /** A JSON body from name, value pairs, in order. */
  private static Map<String, Object> body(Object... namesAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return body;
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put(field, value);
    return copy;
  }

  private static Map<String, Object> without(Map<String, Object> body, String field) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.remove(field);
    return copy;
  }
}
