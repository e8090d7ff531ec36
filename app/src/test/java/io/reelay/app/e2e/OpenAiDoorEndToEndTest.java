package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI door (/compat/openai/v1/videos) played as a client written for OpenAI's Videos API
 * plays it: create, poll until completed or failed, download the content, list, delete; the
 * image as a multipart file or as input_reference.image_url; every error in OpenAI's envelope.
 */
class OpenAiDoorEndToEndTest {

  private static final String VIDEOS = "/compat/openai/v1/videos";
  private static final Set<String> STATUSES = Set.of("queued", "in_progress", "completed", "failed");

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
                // this stack may fetch the test's image server on 127.0.0.1, and only there
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
  void aVideoIsCreatedPolledDownloadedChargedOnceListedAndDeleted() throws Exception {
    String key = stack.newAccount("openai-text", "1.00");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "sora-2");
    body.put("prompt", "a paper boat drifts down a rain gutter");
    body.put("seconds", "4");
    body.put("size", "1280x720");
    HttpResponse<String> created = stack.post(VIDEOS, key, body, Map.of());
    assertEquals(200, created.statusCode(), created.body());
    // the key's rate limit, under OpenAI's header names too
    assertEquals("100000", created.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
    assertTrue(created.headers().firstValue("x-ratelimit-remaining-requests").isPresent());
    assertTrue(created.headers().firstValue("x-ratelimit-reset-requests").orElseThrow().matches("(\\d+m)?\\d+s"));
    JsonNode video = LocalStack.json(created);
    String videoId = video.get("id").asText();
    assertTrue(videoId.matches("video_[0-9a-f]{32}"), videoId);
    assertEquals("video", video.get("object").asText());
    assertTrue(Set.of("queued", "in_progress").contains(video.get("status").asText()), created.body());
    assertEquals("4", video.get("seconds").asText());
    assertTrue(video.get("seconds").isTextual());
    assertEquals("1280x720", video.get("size").asText());
    assertTrue(video.get("created_at").isIntegralNumber());
    assertTrue(video.has("remixed_from_video_id") && video.get("remixed_from_video_id").isNull());
    assertTrue(video.get("error").isNull());

    JsonNode done = awaitFinished(key, videoId);
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertEquals(100, done.get("progress").asInt());
    assertTrue(done.get("completed_at").asLong() >= done.get("created_at").asLong());
    assertTrue(done.get("expires_at").asLong() > done.get("completed_at").asLong());

    // the content: an MP4 of the asked length and size, ranges too
    HttpResponse<byte[]> content = stack.getBytes(VIDEOS + "/" + videoId + "/content", key, null);
    assertEquals(200, content.statusCode());
    assertEquals("video/mp4", content.headers().firstValue("Content-Type").orElseThrow());
    Path file = Files.createTempFile(stack.workDir, "openai-", ".mp4");
    Files.write(file, content.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertTrue(Math.abs(facts.durationMillis() - 4000) <= 100, "duration " + facts.durationMillis());
    assertTrue(facts.width() > facts.height(), facts.width() + "x" + facts.height());
    HttpResponse<byte[]> part = stack.getBytes(VIDEOS + "/" + videoId + "/content?variant=video", key, "bytes=0-99");
    assertEquals(206, part.statusCode());
    assertEquals(100, part.body().length);
    assertError(stack.get(VIDEOS + "/" + videoId + "/content?variant=thumbnail", key), 404, "invalid_request_error", "variant");
    assertError(stack.get(VIDEOS + "/" + videoId + "/content?variant=poster", key), 400, "invalid_request_error", "variant");

    // the same generation through the native API, recorded as the openai door's; charged its price once
    String generationId = uuidOf(videoId);
    JsonNode generation = LocalStack.json(stack.get("/v1/generations/" + generationId, key));
    assertEquals("completed", generation.get("status").asText());
    assertEquals(4, generation.get("duration_seconds").asInt());
    assertEquals("16:9", generation.get("aspect_ratio").asText());
    assertEquals("720p", generation.get("resolution").asText());
    assertEquals(generation.get("model").asText(), done.get("model").asText());
    assertEquals("openai", stack.recordedDoor(generationId));
    BigDecimal price = pricePerSecond(key, generation.get("model").asText(), "720p")
        .multiply(BigDecimal.valueOf(Math.min(facts.durationMillis(), 4000L)))
        .divide(BigDecimal.valueOf(1000));
    assertEquals(0, price.compareTo(generation.get("cost_usd").decimalValue()), generation.toString());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").subtract(price).compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());

    // listed
    JsonNode list = LocalStack.json(stack.get(VIDEOS, key));
    assertEquals("list", list.get("object").asText());
    assertEquals(videoId, list.get("data").get(0).get("id").asText());
    assertEquals(videoId, list.get("first_id").asText());
    assertFalse(list.get("has_more").asBoolean());

    // deleted: the content is gone, the charge stands, a second delete says the same
    HttpResponse<String> deleted = stack.delete(VIDEOS + "/" + videoId, key);
    assertEquals(200, deleted.statusCode(), deleted.body());
    JsonNode gone = LocalStack.json(deleted);
    assertEquals(videoId, gone.get("id").asText());
    assertEquals("video.deleted", gone.get("object").asText());
    assertTrue(gone.get("deleted").asBoolean());
    assertError(stack.get(VIDEOS + "/" + videoId + "/content", key), 410, "invalid_request_error", null);
    JsonNode afterDelete = LocalStack.json(stack.get(VIDEOS + "/" + videoId, key));
    assertTrue(afterDelete.get("expires_at").asLong() <= System.currentTimeMillis() / 1000 + 1, afterDelete.toString());
    assertEquals(200, stack.delete(VIDEOS + "/" + videoId, key).statusCode());
    balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").subtract(price).compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
  }

  @Test
  void anImageAnimatesAsAMultipartFileOrAsAnImageUrl() throws Exception {
    String key = stack.newAccount("openai-image", "5.00");
    // the SDKs send a create with a file as multipart/form-data
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("model", "sora-2-pro");
    fields.put("prompt", "the lighthouse beam sweeps the fog");
    fields.put("seconds", "8");
    fields.put("size", "1024x1792");
    String boundary = "openai-" + UUID.randomUUID();
    HttpResponse<String> uploaded =
        http.send(
            HttpRequest.newBuilder(stack.uri(VIDEOS))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ImageInputsEndToEndTest.multipart(boundary, fields, "input_reference", "frame.png", "image/png", png)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, uploaded.statusCode(), uploaded.body());
    JsonNode upload = LocalStack.json(uploaded);
    assertEquals("8", upload.get("seconds").asText());
    assertEquals("1024x1792", upload.get("size").asText());

    // and as JSON with input_reference.image_url, fetched by the server
    int before = images.requests();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", "the kite climbs");
    body.put("input_reference", Map.of("image_url", images.url("/frame.png")));
    HttpResponse<String> linked = stack.post(VIDEOS, key, body, Map.of());
    assertEquals(200, linked.statusCode(), linked.body());
    JsonNode link = LocalStack.json(linked);
    // the documented defaults
    assertEquals("4", link.get("seconds").asText());
    assertEquals("720x1280", link.get("size").asText());
    assertEquals(1, images.requests() - before);

    for (JsonNode video : List.of(upload, link)) {
      JsonNode done = awaitFinished(key, video.get("id").asText());
      assertEquals("completed", done.get("status").asText(), done.toString());
      HttpResponse<byte[]> content = stack.getBytes(VIDEOS + "/" + video.get("id").asText() + "/content", key, null);
      assertEquals(200, content.statusCode());
      Path file = Files.createTempFile(stack.workDir, "openai-image-", ".mp4");
      Files.write(file, content.body());
      Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
      assertTrue(facts.height() > facts.width(), "portrait: " + facts.width() + "x" + facts.height());
    }
    JsonNode native1 = LocalStack.json(stack.get("/v1/generations/" + uuidOf(upload.get("id").asText()), key));
    assertEquals("1080p", native1.get("resolution").asText());
    assertEquals("9:16", native1.get("aspect_ratio").asText());
  }

  @Test
  void theListPagesWithAfterAndLimitInEitherOrder() throws Exception {
    String key = stack.newAccount("openai-list", "5.00");
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> created = stack.post(VIDEOS, key, Map.of("prompt", "take " + i, "model", "sora-2"), Map.of());
      assertEquals(200, created.statusCode(), created.body());
      made.add(LocalStack.json(created).get("id").asText());
    }
    JsonNode first = LocalStack.json(stack.get(VIDEOS + "?limit=2", key));
    assertEquals(List.of(made.get(2), made.get(1)), ids(first));
    assertTrue(first.get("has_more").asBoolean());
    assertEquals(made.get(1), first.get("last_id").asText());
    JsonNode second = LocalStack.json(stack.get(VIDEOS + "?limit=2&after=" + first.get("last_id").asText(), key));
    assertEquals(List.of(made.get(0)), ids(second));
    assertFalse(second.get("has_more").asBoolean());
    JsonNode oldest = LocalStack.json(stack.get(VIDEOS + "?order=asc&limit=2", key));
    assertEquals(List.of(made.get(0), made.get(1)), ids(oldest));
    JsonNode rest = LocalStack.json(stack.get(VIDEOS + "?order=asc&after=" + made.get(1), key));
    assertEquals(List.of(made.get(2)), ids(rest));
    assertError(stack.get(VIDEOS + "?limit=0", key), 400, "invalid_request_error", "limit");
    assertError(stack.get(VIDEOS + "?order=sideways", key), 400, "invalid_request_error", "order");
    for (String id : made) {
      awaitFinished(key, id);
    }
  }

  @Test
  void everyErrorComesInOpenAisEnvelope() throws Exception {
    String key = stack.newAccount("openai-errors", "1.00");
    Map<String, Object> ok = Map.of("model", "sora-2", "prompt", "a heron lands");
    // 401: no key, a wrong key
    assertError(stack.post(VIDEOS, null, ok, Map.of()), 401, "invalid_request_error", null);
    JsonNode wrong = assertError(stack.get(VIDEOS, "sk-not-a-key"), 401, "invalid_request_error", null);
    assertEquals("invalid_api_key", wrong.get("code").asText());
    // 400: the document's allowed values, an unknown model, an unknown field, no prompt, a file id
    assertError(stack.post(VIDEOS, key, Map.of("prompt", "x", "size", "640x480"), Map.of()), 400, "invalid_request_error", "size");
    assertError(stack.post(VIDEOS, key, Map.of("prompt", "x", "seconds", "5"), Map.of()), 400, "invalid_request_error", "seconds");
    JsonNode model = assertError(stack.post(VIDEOS, key, Map.of("prompt", "x", "model", "dall-e-3"), Map.of()), 400, "invalid_request_error", "model");
    assertEquals("model_not_found", model.get("code").asText());
    assertError(stack.post(VIDEOS, key, Map.of("prompt", "x", "style", "noir"), Map.of()), 400, "invalid_request_error", "style");
    assertError(stack.post(VIDEOS, key, Map.of("model", "sora-2"), Map.of()), 400, "invalid_request_error", "prompt");
    assertError(
        stack.post(VIDEOS, key, Map.of("prompt", "x", "input_reference", Map.of("file_id", "file-abc")), Map.of()),
        400, "invalid_request_error", "input_reference");
    assertError(stack.post(VIDEOS, key, "{not json", Map.of()), 400, "invalid_request_error", null);
    // 404: no such video, another account's, a path this API does not have
    assertError(stack.get(VIDEOS + "/video_0123456789abcdef0123456789abcdef", key), 404, "invalid_request_error", "video_id");
    assertError(stack.get(VIDEOS + "/nonsense", key), 404, "invalid_request_error", "video_id");
    String other = stack.newAccount("openai-other", "1.00");
    HttpResponse<String> theirs = stack.post(VIDEOS, other, ok, Map.of());
    assertEquals(200, theirs.statusCode(), theirs.body());
    String theirId = LocalStack.json(theirs).get("id").asText();
    assertError(stack.get(VIDEOS + "/" + theirId, key), 404, "invalid_request_error", "video_id");
    assertError(stack.delete(VIDEOS + "/" + theirId, key), 404, "invalid_request_error", "video_id");
    assertError(stack.get("/compat/openai/v1/images", key), 404, "invalid_request_error", null);
    // 409: not finished yet (content and delete); then the video finishes
    HttpResponse<String> content = stack.get(VIDEOS + "/" + theirId + "/content", other);
    if (content.statusCode() != 200) {
      assertError(content, 409, "invalid_request_error", null);
    }
    awaitFinished(other, theirId);
    // remix has no counterpart here
    assertError(stack.post(VIDEOS + "/" + theirId + "/remix", other, Map.of("prompt", "at night"), Map.of()), 400, "invalid_request_error", "video_id");
    // too little credit: 429 insufficient_quota, as OpenAI answers it; nothing is held
    String poor = stack.newAccount("openai-poor", "0.01");
    JsonNode quota = assertError(stack.post(VIDEOS, poor, ok, Map.of()), 429, "insufficient_quota", null);
    assertEquals("insufficient_quota", quota.get("code").asText());
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", poor));
    assertEquals(0, new BigDecimal("0.01").compareTo(balance.get("balance_usd").decimalValue()));
    assertEquals(0, balance.get("reserved_usd").decimalValue().signum());
    // the rate limit: 429 rate_limit_exceeded with Retry-After
    HttpResponse<String> slowKey = stack.post("/v1/keys", key, Map.of("name", "slow", "rate_limit_per_minute", 1), Map.of());
    assertEquals(201, slowKey.statusCode(), slowKey.body());
    String slow = LocalStack.json(slowKey).get("key").asText();
    assertEquals(200, stack.get(VIDEOS, slow).statusCode());
    HttpResponse<String> limited = stack.get(VIDEOS, slow);
    JsonNode rate = assertError(limited, 429, "requests", null);
    assertEquals("rate_limit_exceeded", rate.get("code").asText());
    assertTrue(limited.headers().firstValue("Retry-After").isPresent(), limited.headers().toString());
  }

  /** Polls as the SDKs' poll helpers do: until completed or failed. */
  private static JsonNode awaitFinished(String key, String videoId) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = stack.get(VIDEOS + "/" + videoId, key);
      assertEquals(200, response.statusCode(), response.body());
      last = LocalStack.json(response);
      String status = last.get("status").asText();
      assertTrue(STATUSES.contains(status), response.body());
      if (status.equals("completed") || status.equals("failed")) {
        return last;
      }
      assertTrue(response.headers().firstValue("openai-poll-after-ms").isPresent());
      Thread.sleep(300);
    }
    throw new AssertionError("video " + videoId + " did not finish: " + last);
  }

  /** The error object of an answer in OpenAI's envelope, checked for its status, type and param. */
  private static JsonNode assertError(HttpResponse<String> response, int status, String type, String param) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = LocalStack.json(response).get("error");
    assertNotNull(error, response.body());
    assertEquals(type, error.get("type").asText(), response.body());
    assertTrue(error.get("message").asText().length() > 0, response.body());
    assertTrue(error.has("param") && error.has("code"), response.body());
    if (param == null) {
      assertTrue(error.get("param").isNull(), response.body());
    } else {
      assertEquals(param, error.get("param").asText(), response.body());
    }
    return error;
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(video -> ids.add(video.get("id").asText()));
    return ids;
  }

  /** The generation a video id names: its 32 hex digits are the UUID. */
  private static String uuidOf(String videoId) {
    String hex = videoId.substring("video_".length());
    return UUID.fromString(
            hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"))
        .toString();
  }

  private static BigDecimal pricePerSecond(String key, String model, String resolution) throws Exception {
    HttpResponse<String> models = stack.get("/v1/models", key);
    assertEquals(200, models.statusCode(), models.body());
    for (JsonNode m : LocalStack.json(models).get("data")) {
      if (m.get("id").asText().equals(model)) {
        return m.get("price_per_second_usd").get(resolution).decimalValue();
      }
    }
    throw new AssertionError("no model " + model);
  }

}
