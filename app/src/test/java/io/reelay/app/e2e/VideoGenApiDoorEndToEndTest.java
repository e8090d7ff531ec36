package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The VideoGenAPI door over real HTTP on the real stack, played as the document's clients play it:
 * the base URL {@code https://videogenapi.com/api/v1} becomes {@code <reelay>/compat/videogenapi/api/v1};
 * generate (200), poll status until completed or failed, download video_url, read user and the
 * generations list, and every error in the document's {@code {"error", "message", "details"}}.
 */
class VideoGenApiDoorEndToEndTest {

  private static final String BASE = "/compat/videogenapi/api/v1";
  private static final BigDecimal RATE = new BigDecimal("0.05");

  private static LocalStack stack;
  private static LoopbackImageServer images;

  @BeforeAll
  static void start() throws Exception {
    images = LoopbackImageServer.start();
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_FAST_POLL_SECONDS", "2",
                // the input images come from this test's server on loopback, and only there
                "REELAY_IMAGES_ALLOWED_HOSTS", "127.0.0.1",
                // clients poll; the rate limit has its own key in its test
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
  void textToVideoIsPolledToADownloadedMp4ChargedExactlyItsPriceAndVisibleNatively() throws Exception {
    String key = stack.newAccount("videogenapi-text", "5.00");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "kling_25");
    body.put("prompt", "A cat playing with a ball in a sunny garden");
    body.put("duration", 10);
    body.put("resolution", "1080p");
    body.put("aspect_ratio", "16:9");
    body.put("seed", 42);
    HttpResponse<String> response = stack.post(BASE + "/generate", key, body, Map.of());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode created = LocalStack.json(response);
    assertTrue(created.get("success").asBoolean());
    String id = created.get("generation_id").asText();
    assertTrue(id.matches("gen_[0-9a-f]{13}_[0-9]{23}"), id);
    assertTrue(List.of("pending", "in_queue", "in_progress").contains(created.get("status").asText()), created.toString());
    assertEquals("text-to-video", created.get("type").asText());
    assertEquals("kling_25", created.get("model").get("key").asText());
    assertEquals("sim-studio", created.get("model").get("name").asText());
    assertEquals("sim", created.get("model").get("provider").asText());
    assertEquals(10, created.get("duration").asInt());
    assertEquals("1080p", created.get("resolution").asText());
    assertEquals("16:9", created.get("aspect_ratio").asText());
    assertEquals(42, created.get("seed").asLong());
    assertEquals("/compat/videogenapi/v1/status/" + id, created.get("status_url").asText());
    assertEquals(1, created.get("usage").get("current_month_usage").asLong());
    assertTrue(created.get("usage").get("monthly_limit").isNull());
    assertEquals(0, new BigDecimal("0.50").compareTo(created.get("estimated_cost_usd").decimalValue()));

    // the client polls status_url, relative to the server, until completed or failed
    JsonNode done = poll(key, created.get("status_url").asText());
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertEquals(id, done.get("generation_id").asText());
    assertTrue(done.get("processing_time").asLong() >= 0);
    assertTrue(done.get("completed_at").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), done.toString());

    // every spelling of the path answers the same generation
    for (String path : List.of(BASE + "/status/" + id, "/compat/videogenapi/status/" + id)) {
      JsonNode same = LocalStack.json(stack.get(path, key));
      assertEquals("completed", same.get("status").asText(), path);
      assertEquals(id, same.get("generation_id").asText(), path);
    }

    // video_url downloads without an Authorization header
    HttpResponse<byte[]> video =
        stack.http.send(
            HttpRequest.newBuilder(URI.create(done.get("video_url").asText())).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode());
    Path file = Files.createTempFile("videogenapi-door-", ".mp4");
    try {
      Files.write(file, video.body());
      Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
      assertTrue(Math.abs(facts.durationMillis() - 10_000) <= 100, "duration " + facts.durationMillis());
      assertEquals(1080, facts.height());
    } finally {
      Files.deleteIfExists(file);
    }

    // charged exactly the price: the balance moved by what the answer says was charged
    BigDecimal cost = done.get("cost_usd").decimalValue();
    assertEquals(0, RATE.multiply(BigDecimal.TEN).compareTo(cost), done.toString());
    JsonNode user = LocalStack.json(stack.get(BASE + "/user", key));
    assertTrue(user.get("success").asBoolean());
    assertEquals(0, new BigDecimal("5.00").subtract(cost).compareTo(user.get("balance").get("available_usd").decimalValue()), user.toString());
    assertEquals(0, cost.compareTo(user.get("balance").get("spent_usd").decimalValue()), user.toString());
    assertEquals(1, user.get("usage").get("current_month_usage").asLong());
    assertEquals(1, user.get("usage").get("total_generations").asLong());
    assertEquals(100000, user.get("rate_limit").get("limit").asInt());

    // the same generation through the native API, recorded as the videogenapi door's
    String nativeId = done.get("request_id").asText();
    JsonNode nativeView = LocalStack.json(stack.get("/v1/generations/" + nativeId, key));
    assertEquals("completed", nativeView.get("status").asText());
    assertEquals("sim-studio", nativeView.get("model").asText());
    assertEquals("videogenapi", nativeView.get("door").asText());
    assertEquals(0, cost.compareTo(nativeView.get("cost_usd").decimalValue()));
    assertEquals("videogenapi", stack.recordedDoor(nativeId));
  }

  @Test
  void theImageToVideoSnippetWith4KAndFifteenSecondsRunsAtTheModelsHighestResolution() throws Exception {
    String key = stack.newAccount("videogenapi-image", "5.00");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "veo_3");
    body.put("prompt", "The dog runs in the park chasing a butterfly");
    body.put("image_url", image("/my-dog.png"));
    body.put("duration", 15);
    body.put("resolution", "4K");
    body.put("camera_fixed", false);
    body.put("seed", 123456);
    // the bare /generate spelling, as the JavaScript and PHP clients append it to their base URL
    HttpResponse<String> response = stack.post("/compat/videogenapi/generate", key, body, Map.of());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode created = LocalStack.json(response);
    assertEquals("image-to-video", created.get("type").asText());
    assertEquals("veo_3", created.get("model").get("key").asText());
    assertEquals("1080p", created.get("resolution").asText());
    assertTrue(created.get("message").asText().contains("4K"), created.toString());
    assertEquals(0, new BigDecimal("0.75").compareTo(created.get("estimated_cost_usd").decimalValue()));

    JsonNode done = poll(key, "/compat/videogenapi/v1/status/" + created.get("generation_id").asText());
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertEquals("image-to-video", done.get("type").asText());
    HttpResponse<byte[]> video =
        stack.http.send(
            HttpRequest.newBuilder(URI.create(done.get("video_url").asText())).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode());
    assertTrue(Math.abs(Mp4Probe.movieSeconds(video.body()).orElseThrow() - 15) < 0.1);
    JsonNode user = LocalStack.json(stack.get(BASE + "/user", key));
    assertEquals(
        0,
        new BigDecimal("5.00").subtract(done.get("cost_usd").decimalValue()).compareTo(user.get("balance").get("available_usd").decimalValue()),
        user.toString());
  }

  @Test
  void theDocumentsOtherRequestsAreAcceptedWithVeo31sReferenceModeRules() throws Exception {
    String key = stack.newAccount("videogenapi-snippets", "20.00");
    // Veo 3.1 with 3 reference images: veo3_fast and 16:9, whatever veo_model and aspect_ratio say
    JsonNode reference =
        created(
            key,
            Map.of(
                "model", "veo-31",
                "prompt", "A stylized animation of a character walking",
                "reference_image_urls", List.of(image("/ref1.png"), image("/ref2.png"), image("/ref3.png")),
                "aspect_ratio", "9:21",
                "veo_model", "veo2"));
    assertEquals("veo3_fast", reference.get("model").get("key").asText());
    assertEquals("16:9", reference.get("aspect_ratio").asText());
    assertEquals("image-to-video", reference.get("type").asText());
    // with 2 images veo_model and aspect_ratio stand
    JsonNode frames =
        created(
            key,
            Map.of(
                "model", "veo-31",
                "prompt", "The scene transitions smoothly from day to night",
                "reference_image_urls", List.of(image("/day.png"), image("/night.png")),
                "aspect_ratio", "4:3",
                "veo_model", "veo3_fast"));
    assertEquals("veo3_fast", frames.get("model").get("key").asText());
    assertEquals("4:3", frames.get("aspect_ratio").asText());
    // the Python clients' bodies: display names, defaults (5 s, 720p, 16:9), audio
    JsonNode sora =
        created(
            key,
            Map.of(
                "prompt", "A futuristic cityscape at sunset, with flying cars and neon lights.",
                "model", "Sora 2",
                "add_audio", true,
                "audio_prompt", "Synthwave music with ambient city sounds"));
    assertEquals("Sora 2", sora.get("model").get("key").asText());
    assertEquals(5, sora.get("duration").asInt());
    assertEquals("720p", sora.get("resolution").asText());
    assertEquals("16:9", sora.get("aspect_ratio").asText());
    // 5 s at $0.05/s and $0.01/s for the sound
    assertEquals(0, new BigDecimal("0.30").compareTo(sora.get("estimated_cost_usd").decimalValue()));
    JsonNode kling3 =
        created(
            key,
            Map.of(
                "prompt", "A majestic dragon flying over a medieval castle.",
                "image_url", image("/dragon_castle.png"),
                "model", "Kling 3",
                "add_audio", false));
    assertEquals("image-to-video", kling3.get("type").asText());
    JsonNode fast =
        created(
            key,
            Map.of(
                "prompt", "A sequence showing a flower blooming and then wilting.",
                "reference_image_urls", List.of(image("/flower_start.png"), image("/flower_middle.png"), image("/flower_end.png")),
                "model", "Veo 3.1 Fast",
                "add_audio", true,
                "audio_prompt", "Gentle nature sounds"));
    assertEquals("veo3_fast", fast.get("model").get("key").asText());
    // the JavaScript and PHP clients' defaults: higgsfield text, kling_2_1 image
    created(key, Map.of("model", "higgsfield", "prompt", "A futuristic cityscape at sunset", "duration", 5, "resolution", "720p", "aspect_ratio", "16:9"));
    JsonNode kling21 =
        created(
            key,
            Map.of(
                "model", "kling_2_1",
                "prompt", "A majestic dragon flying over mountains",
                "image_url", image("/image.png"),
                "duration", 7,
                "resolution", "1080p",
                "camera_fixed", true,
                "add_audio", true,
                "audio_prompt", "epic orchestral score"));
    assertEquals(7, kling21.get("duration").asInt());

    // two of the document's tables list the fields as query parameters: a create without a body reads them there
    HttpResponse<String> query =
        stack.post(
            "/compat/videogenapi/v1/generate?model=higgsfield&prompt=A+lighthouse+at+dusk&duration=3&aspect_ratio=9:21"
                + "&seed=7&add_audio=true&audio_prompt=waves",
            key,
            null,
            Map.of());
    assertEquals(200, query.statusCode(), query.body());
    JsonNode fromQuery = LocalStack.json(query);
    assertEquals(3, fromQuery.get("duration").asInt());
    assertEquals("9:21", fromQuery.get("aspect_ratio").asText());
    assertEquals(7, fromQuery.get("seed").asLong());
    assertEquals("higgsfield", fromQuery.get("model").get("key").asText());
    assertEquals(0, new BigDecimal("0.18").compareTo(fromQuery.get("estimated_cost_usd").decimalValue()));

    // the list: page/limit, newest first
    JsonNode first = LocalStack.json(stack.get("/compat/videogenapi/v1/generations?page=1&limit=5", key));
    assertTrue(first.get("success").asBoolean());
    assertEquals(5, first.get("generations").size());
    assertEquals(fromQuery.get("generation_id").asText(), first.get("generations").get(0).get("generation_id").asText());
    assertEquals(kling21.get("generation_id").asText(), first.get("generations").get(1).get("generation_id").asText());
    assertEquals(8, first.get("pagination").get("total").asLong());
    assertEquals(2, first.get("pagination").get("total_pages").asInt());
    JsonNode second = LocalStack.json(stack.get(BASE + "/generations?page=2&limit=5", key));
    assertEquals(3, second.get("generations").size());
    assertEquals(reference.get("generation_id").asText(), second.get("generations").get(2).get("generation_id").asText());
    assertEquals(8, LocalStack.json(stack.get("/compat/videogenapi/user", key)).get("usage").get("current_month_usage").asLong());
  }

  @Test
  void everyErrorIsInTheDocumentsEnvelope() throws Exception {
    String key = stack.newAccount("videogenapi-errors", "0.10");
    Map<String, Object> tenSeconds = Map.of("model", "kling_25", "prompt", "a lighthouse", "duration", 10);

    assertError(stack.post(BASE + "/generate", null, tenSeconds, Map.of()), 401, "INVALID_API_KEY", null);
    assertError(stack.get(BASE + "/user", "not-a-key"), 401, "INVALID_API_KEY", null);
    // $0.50 asked of $0.10: refused, nothing held
    assertError(stack.post(BASE + "/generate", key, tenSeconds, Map.of()), 402, "INSUFFICIENT_CREDITS", null);
    assertEquals(
        0, new BigDecimal("0.10").compareTo(LocalStack.json(stack.get(BASE + "/user", key)).get("balance").get("available_usd").decimalValue()));
    assertError(stack.post(BASE + "/generate", key, Map.of("model", "veo 9", "prompt", "x"), Map.of()), 400, "INVALID_PARAMETER", "model");
    assertError(stack.post(BASE + "/generate", key, Map.of("model", "sora-2"), Map.of()), 400, "INVALID_PARAMETER", "prompt");
    assertError(stack.post(BASE + "/generate", key, Map.of("prompt", "x".repeat(1001)), Map.of()), 400, "INVALID_PARAMETER", "prompt");
    JsonNode tooLong = assertError(stack.post(BASE + "/generate", key, Map.of("prompt", "x", "duration", 60), Map.of()), 400, "INVALID_PARAMETER", "duration");
    assertFalse(tooLong.get("message").asText().contains("duration_seconds"), tooLong.toString());
    assertError(stack.post(BASE + "/generate", key, Map.of("prompt", "x", "seed", -2), Map.of()), 400, "INVALID_PARAMETER", "seed");
    assertError(stack.post(BASE + "/generate", key, Map.of("prompt", "x", "resolution", "8K"), Map.of()), 400, "INVALID_PARAMETER", "resolution");
    assertError(stack.post(BASE + "/generate", key, "{\"prompt\": ", Map.of()), 400, "INVALID_PARAMETER", null);
    assertError(stack.post(BASE + "/generate", key, null, Map.of()), 400, "INVALID_PARAMETER", "prompt");
    assertError(stack.post(BASE + "/generate?prompt=x&duration=ten", key, null, Map.of()), 400, "INVALID_PARAMETER", "duration");
    assertError(stack.get(BASE + "/generate", key), 405, "METHOD_NOT_ALLOWED", null);
    assertError(stack.get(BASE + "/generations?page=0", key), 400, "INVALID_PARAMETER", "page");
    assertError(stack.get(BASE + "/generations?limit=101", key), 400, "INVALID_PARAMETER", "limit");
    assertError(stack.get(BASE + "/generations?page=first", key), 400, "INVALID_PARAMETER", null);
    assertError(stack.get(BASE + "/status/gen_686717fe97bd3_055867", key), 404, "NOT_FOUND", null);
    assertError(stack.get(BASE + "/status/gen_0000000000000_00000000000000000000000", key), 404, "NOT_FOUND", null);
    assertError(stack.get(BASE + "/videos", key), 404, "NOT_FOUND", null);

    // another account's generation is not found either
    String other = stack.newAccount("videogenapi-errors-other", "1.00");
    String theirs = created(other, Map.of("prompt", "theirs", "duration", 1)).get("generation_id").asText();
    assertError(stack.get(BASE + "/status/" + theirs, key), 404, "NOT_FOUND", null);

    // a key allowed 2 requests a minute: the third is the document's 429 with seconds_until_reset
    HttpResponse<String> issued = stack.post("/v1/keys", key, Map.of("name", "slow", "rate_limit_per_minute", 2), Map.of());
    assertEquals(201, issued.statusCode(), issued.body());
    String slow = LocalStack.json(issued).get("key").asText();
    assertEquals(200, stack.get(BASE + "/user", slow).statusCode());
    assertEquals(200, stack.get(BASE + "/generations", slow).statusCode());
    HttpResponse<String> limited = stack.get(BASE + "/user", slow);
    JsonNode refused = assertError(limited, 429, "RATE_LIMIT_EXCEEDED", null);
    JsonNode details = refused.get("details");
    long seconds = details.get("seconds_until_reset").asLong();
    assertTrue(seconds >= 1 && seconds <= 60, refused.toString());
    assertEquals(String.valueOf(seconds), limited.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(2, details.get("limit").asInt(), refused.toString());
    assertEquals(2, details.get("current_usage").asLong(), refused.toString());
    assertEquals("1 minute", details.get("window").asText());
    assertTrue(details.get("reset_time").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), refused.toString());
  }

  @Test
  void aFailedGenerationSaysWhyAndChargesNothing() throws Exception {
    String key = stack.newAccount("videogenapi-failed", "1.00");
    JsonNode created = created(key, Map.of("model", "Sora 2", "prompt", "a storm at sea [sim:fail]", "duration", 2));
    JsonNode ended = poll(key, created.get("status_url").asText());
    assertEquals("failed", ended.get("status").asText(), ended.toString());
    assertFalse(ended.get("error").asText().isBlank(), ended.toString());
    assertFalse(ended.get("message").asText().isBlank(), ended.toString());
    assertTrue(ended.get("video_url").isNull());
    JsonNode balance = LocalStack.json(stack.get(BASE + "/user", key)).get("balance");
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("available_usd").decimalValue()), balance.toString());
    assertEquals(0, BigDecimal.ZERO.compareTo(balance.get("spent_usd").decimalValue()), balance.toString());
    assertEquals(0, BigDecimal.ZERO.compareTo(balance.get("reserved_usd").decimalValue()), balance.toString());
  }

  /** The document's error envelope: error (a title), message, details; success false. */
  private static JsonNode assertError(HttpResponse<String> response, int status, String code, String param) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = LocalStack.json(response);
    assertFalse(body.get("success").asBoolean(), body.toString());
    assertTrue(body.get("error").isTextual() && !body.get("error").asText().isBlank(), body.toString());
    assertTrue(body.get("message").isTextual() && !body.get("message").asText().isBlank(), body.toString());
    assertEquals(code, body.get("details").get("code").asText(), body.toString());
    if (param != null) {
      assertEquals(param, body.get("details").get("param").asText(), body.toString());
    }
    return body;
  }

  private static JsonNode created(String key, Map<String, Object> body) throws Exception {
    HttpResponse<String> response = stack.post(BASE + "/generate", key, body, Map.of());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode created = LocalStack.json(response);
    assertNotNull(created.get("generation_id"));
    return created;
  }

  /** What the document's clients do: GET the status until it is completed or failed. */
  private static JsonNode poll(String key, String statusUrl) throws Exception {
    long deadline = System.currentTimeMillis() + Duration.ofSeconds(90).toMillis();
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = stack.get(statusUrl, key);
      assertEquals(200, response.statusCode(), response.body());
      last = LocalStack.json(response);
      String status = last.get("status").asText();
      assertTrue(List.of("pending", "in_queue", "in_progress", "completed", "failed").contains(status), status);
      if (status.equals("completed") || status.equals("failed")) {
        return last;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("did not end: " + last);
  }

  private static String image(String path) {
    return images.url(path);
  }
}
