package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.app.compat.PrefixedIds;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vinci door over real HTTP on the real stack, played as a client written from Vinci's
 * document would: text-to-video and image-to-video to a downloaded MP4 with the exact charge,
 * the key, balance and usage endpoints (the same keys and money as the native API), and every
 * documented error status in Vinci's {"detail": ...} envelope.
 */
class VinciDoorEndToEndTest {

  private static final String BASE = "/compat/vinci/api/v1";
  private static final long MAX_IMAGE_BYTES = 300_000;

  private static LocalStack stack;
  private static byte[] png;

  @BeforeAll
  static void start() throws Exception {
    png = png();
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_FAST_POLL_SECONDS", "2",
                "REELAY_IMAGES_MAX_BYTES", String.valueOf(MAX_IMAGE_BYTES),
                // these tests poll hard; the 429 test uses a key with its own small limit
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void textToVideoRunsToADownloadedMp4AndChargesExactlyThePrice() throws Exception {
    String key = stack.newAccount("vinci-t2v", "1.00");
    JsonNode opening = ok(stack.get(BASE + "/billing/balance", key));
    assertMoney("1.00", opening.get("balance_usd"));
    assertMoney("0", opening.get("total_spent_usd"));

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", "a lighthouse in a storm");
    body.put("duration_seconds", 2);
    body.put("aspect_ratio", "9:16");
    body.put("seed", -1); // Vinci's "random"
    HttpResponse<String> created = stack.post(BASE + "/generate/text-to-video", key, body, Map.of());
    JsonNode submitted = ok(created);
    assertTrue(created.headers().firstValue("X-RateLimit-Limit").isPresent(), "the rate-limit headers Vinci names");
    String requestId = submitted.get("request_id").asText();
    assertTrue(requestId.matches("req_[0-9a-f]{32}"), requestId);
    assertTrue(Set.of("pending", "processing").contains(submitted.get("status").asText()), submitted.toString());
    assertMoney("0.10", submitted.get("estimated_cost_usd"));
    assertEquals(2, submitted.get("estimated_duration_seconds").asInt());

    JsonNode done = pollUntilDone(key, requestId);
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertMoney("0.10", done.get("cost_usd"));
    assertEquals(2.0, done.get("duration_seconds").asDouble(), 0.1);
    checkMp4(done.get("video_url").asText(), 2, 480, 854);

    JsonNode balance = ok(stack.get(BASE + "/billing/balance", key));
    assertMoney("0.90", balance.get("balance_usd"));
    assertMoney("0.10", balance.get("total_spent_usd"));
    JsonNode week = ok(stack.get(BASE + "/billing/usage?days=7", key));
    assertEquals(7, week.get("period_days").asInt());
    assertEquals(1, week.get("total_requests").asLong());
    assertEquals(2.0, week.get("total_seconds").asDouble(), 0.1);
    assertMoney("0.10", week.get("total_cost_usd"));
    assertMoney("0.90", week.get("current_balance_usd"));
    assertMoney("0.10", week.get("total_spent_usd"));
    assertEquals(30, ok(stack.get(BASE + "/billing/usage", key)).get("period_days").asInt());

    // the same generation through the native API, recorded as the Vinci door's
    String id = nativeId(requestId);
    JsonNode viaNative = ok(stack.get("/v1/generations/" + id, key));
    assertEquals("completed", viaNative.get("status").asText());
    assertEquals("a lighthouse in a storm", viaNative.get("prompt").asText());
    assertEquals("vinci", stack.recordedDoor(id));
    // and the native id is a request_id the door understands
    assertEquals(requestId, ok(stack.get(BASE + "/status/" + id, key)).get("request_id").asText());
  }

  @Test
  void anUploadedImageBecomesAVideoWithTheSameCharge() throws Exception {
    String key = stack.newAccount("vinci-i2v", "1.00");
    HttpResponse<String> created =
        postForm(BASE + "/generate/image-to-video", key, Map.of("prompt", "the colours drift", "duration_seconds", "1"), png);
    JsonNode submitted = ok(created);
    assertMoney("0.05", submitted.get("estimated_cost_usd"));
    assertEquals(1, submitted.get("estimated_duration_seconds").asInt());

    JsonNode done = pollUntilDone(key, submitted.get("request_id").asText());
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertMoney("0.05", done.get("cost_usd"));
    checkMp4(done.get("video_url").asText(), 1, 854, 480);
    assertMoney("0.95", ok(stack.get(BASE + "/billing/balance", key)).get("balance_usd"));
    assertEquals("vinci", stack.recordedDoor(nativeId(submitted.get("request_id").asText())));
  }

  @Test
  void keysMadeThroughTheDoorAreTheAccountsKeys() throws Exception {
    String first = stack.newAccount("vinci-keys", "1.00");
    JsonNode made = ok(stack.post(BASE + "/keys", first, Map.of("name", "Production", "rate_limit", 20), Map.of()));
    String keyId = made.get("key_id").asText();
    String secret = made.get("api_key").asText();
    assertTrue(keyId.matches("vinci_[0-9a-f]{32}"), keyId);
    assertTrue(secret.startsWith("sk-"), secret);
    assertEquals("Production", made.get("name").asText());
    assertEquals(20, made.get("rate_limit").asInt());
    assertTrue(made.hasNonNull("created_at"));
    // Vinci's default limit for a new key
    assertEquals(10, ok(stack.post(BASE + "/keys", first, Map.of("name", "Default"), Map.of())).get("rate_limit").asInt());

    // the new key works on both APIs, and both list the same keys
    assertMoney("1.00", ok(stack.get(BASE + "/billing/balance", secret)).get("balance_usd"));
    assertEquals(200, stack.get("/v1/balance", secret).statusCode());
    JsonNode listed = ok(stack.get(BASE + "/keys", secret));
    assertEquals(3, listed.get("count").asInt());
    assertEquals(3, listed.get("api_keys").size());
    assertEquals(3, ok(stack.get("/v1/keys", first)).get("data").size());
    JsonNode production = keyNamed(listed, "Production");
    assertEquals(keyId, production.get("key_id").asText());
    assertTrue(production.get("is_active").asBoolean());
    assertEquals(20, production.get("rate_limit").asInt());
    assertTrue(production.get("key_preview").asText().startsWith("sk-..."), production.toString());
    assertTrue(production.has("last_used"));
    assertFalse(production.toString().contains(secret.substring(3)), "a listed key shows no secret");

    JsonNode revoked = ok(stack.delete(BASE + "/keys/" + keyId, first));
    assertEquals(keyId, revoked.get("key_id").asText());
    assertTrue(revoked.hasNonNull("message"));
    assertDetail(stack.get(BASE + "/billing/balance", secret), 401);
    assertFalse(keyNamed(ok(stack.get(BASE + "/keys", first)), "Production").get("is_active").asBoolean());

    assertDetail(stack.post(BASE + "/keys", first, Map.of("rate_limit", 5), Map.of()), 400);
    assertDetail(stack.post(BASE + "/keys", first, Map.of("name", "Too fast", "rate_limit", 101), Map.of()), 400);
    assertDetail(stack.delete(BASE + "/keys/vinci_" + "0".repeat(32), first), 404);
    assertDetail(stack.delete(BASE + "/keys/nonsense", first), 404);
  }

  @Test
  void everyDocumentedErrorAnswersInVincisEnvelope() throws Exception {
    String key = stack.newAccount("vinci-errors", "1.00");
    String path = BASE + "/generate/text-to-video";
    // 401: no key, a wrong key
    assertDetail(stack.post(path, null, Map.of("prompt", "x"), Map.of()), 401);
    assertDetail(stack.get(BASE + "/billing/balance", "sk-not-a-key"), 401);
    // 400: what Vinci's table allows is checked, and malformed bodies
    assertDetail(stack.post(path, key, Map.of("duration_seconds", 5), Map.of()), 400);
    assertDetail(stack.post(path, key, Map.of("prompt", "x", "duration_seconds", 11), Map.of()), 400);
    assertDetail(stack.post(path, key, Map.of("prompt", "x", "aspect_ratio", "4:3"), Map.of()), 400);
    assertDetail(stack.post(path, key, Map.of("prompt", "x", "seed", -2), Map.of()), 400);
    assertDetail(stack.post(path, key, Map.of("prompt", "x", "duration_seconds", "five"), Map.of()), 400);
    assertDetail(stack.post(path, key, "{\"prompt\": ", Map.of()), 400);
    assertDetail(postForm(BASE + "/generate/image-to-video", key, Map.of("prompt", "no image"), null), 400);
    assertDetail(postForm(BASE + "/generate/image-to-video", key, Map.of("duration_seconds", "3"), png), 400);
    assertDetail(stack.get(BASE + "/billing/usage?days=91", key), 400);
    // 413: an image over the size cap
    byte[] large = new byte[(int) MAX_IMAGE_BYTES + 1000];
    System.arraycopy(png, 0, large, 0, png.length);
    assertDetail(postForm(BASE + "/generate/image-to-video", key, Map.of("prompt", "big"), large), 413);
    // 404: an unknown request, one that is not an id at all, another account's, an unknown path
    assertDetail(stack.get(BASE + "/status/req_" + "0".repeat(32), key), 404);
    assertDetail(stack.get(BASE + "/status/req_abc123", key), 404);
    String other = stack.newAccount("vinci-errors-other", "1.00");
    String theirs = ok(stack.post(path, other, Map.of("prompt", "theirs", "duration_seconds", 1), Map.of())).get("request_id").asText();
    assertDetail(stack.get(BASE + "/status/" + theirs, key), 404);
    assertDetail(stack.get(BASE + "/no-such-endpoint", key), 404);
    // nothing was charged for any of it
    assertMoney("1.00", ok(stack.get(BASE + "/billing/balance", key)).get("balance_usd"));
  }

  @Test
  void tooLittleBalanceIs402AndSaysHowMuchIsMissing() throws Exception {
    String key = stack.newAccount("vinci-poor", "0.20");
    // no duration: Vinci's default of 5 s, $0.25 at $0.05 a second
    HttpResponse<String> refused =
        stack.post(BASE + "/generate/text-to-video", key, Map.of("prompt", "a long journey"), Map.of());
    JsonNode detail = assertDetail(refused, 402);
    assertEquals("Insufficient balance. Current balance: $0.20, required: $0.25", detail.get("detail").asText());
    assertMoney("0.20", ok(stack.get(BASE + "/billing/balance", key)).get("balance_usd"));
    // what fits goes through
    assertMoney(
        "0.20",
        ok(stack.post(BASE + "/generate/text-to-video", key, Map.of("prompt", "a short one", "duration_seconds", 4), Map.of()))
            .get("estimated_cost_usd"));
  }

  @Test
  void aKeysOwnRateLimitAnswers429WithRetryAfter() throws Exception {
    String first = stack.newAccount("vinci-limits", "1.00");
    String limited = ok(stack.post(BASE + "/keys", first, Map.of("name", "slow", "rate_limit", 2), Map.of())).get("api_key").asText();
    assertEquals(200, stack.get(BASE + "/billing/balance", limited).statusCode());
    HttpResponse<String> second = stack.get(BASE + "/billing/balance", limited);
    assertEquals(200, second.statusCode());
    assertEquals("0", second.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    HttpResponse<String> refused = stack.get(BASE + "/billing/balance", limited);
    JsonNode detail = assertDetail(refused, 429);
    String retryAfter = refused.headers().firstValue("Retry-After").orElseThrow();
    assertEquals("Rate limit exceeded. Try again in " + retryAfter + " seconds.", detail.get("detail").asText());
    assertEquals("2", refused.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    // another key of the same account has its own budget
    assertEquals(200, stack.get(BASE + "/billing/balance", first).statusCode());
  }

  // --- a Vinci client's moves ---

  /** Polls GET /status/{request_id} as Vinci's examples do, until completed or failed. */
  private static JsonNode pollUntilDone(String key, String requestId) throws Exception {
    Set<String> seen = new HashSet<>();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode status = ok(stack.get(BASE + "/status/" + requestId, key));
      assertEquals(requestId, status.get("request_id").asText());
      String word = status.get("status").asText();
      seen.add(word);
      switch (word) {
        case "pending" -> assertTrue(status.has("estimated_cost_usd"), status.toString());
        case "processing" -> assertTrue(status.has("progress") && status.has("estimated_cost_usd"), status.toString());
        case "completed", "failed" -> {
          assertTrue(Set.of("pending", "processing", "completed", "failed").containsAll(seen), seen.toString());
          return status;
        }
        default -> throw new AssertionError("a status Vinci does not know: " + status);
      }
      Thread.sleep(300);
    }
    throw new AssertionError(requestId + " did not finish; saw " + seen);
  }

  /** The video link works without Authorization, and is an MP4 of the asked length and shape. */
  private static void checkMp4(String videoUrl, int seconds, int width, int height) throws Exception {
    HttpResponse<byte[]> video =
        stack.http.send(
            HttpRequest.newBuilder(URI.create(videoUrl)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, video.statusCode());
    Path file = Files.createTempFile(stack.workDir, "vinci-door-", ".mp4");
    Files.write(file, video.body());
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertTrue(Math.abs(facts.durationMillis() - seconds * 1000L) <= 100, "duration " + facts.durationMillis());
    assertEquals(width, facts.width());
    assertEquals(height, facts.height());
  }

  /** A multipart create as Vinci's image-to-video example sends it; {@code image} null leaves the file out. */
  private static HttpResponse<String> postForm(String path, String key, Map<String, String> fields, byte[] image)
      throws Exception {
    MultipartEntityBuilder form = MultipartEntityBuilder.create();
    fields.forEach((name, value) -> form.addTextBody(name, value));
    if (image != null) {
      form.addBinaryBody("image", image, ContentType.IMAGE_PNG, "picture.png");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String contentType;
    try (HttpEntity entity = form.build()) {
      entity.writeTo(body);
      contentType = entity.getContentType();
    }
    return stack.http.send(
        HttpRequest.newBuilder(stack.uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // --- checks ---

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

  /** An error in Vinci's envelope: {"detail": "..."} and nothing else. */
  private static JsonNode assertDetail(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = LocalStack.json(response);
    assertEquals(1, body.size(), body.toString());
    assertTrue(body.get("detail").isTextual() && !body.get("detail").asText().isBlank(), body.toString());
    return body;
  }

  private static void assertMoney(String expected, JsonNode actual) {
    assertTrue(actual.isNumber(), "money is a JSON number: " + actual);
    assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()), expected + " vs " + actual);
  }

  private static JsonNode keyNamed(JsonNode list, String name) {
    for (JsonNode key : list.get("api_keys")) {
      if (key.get("name").asText().equals(name)) {
        return key;
      }
    }
    throw new AssertionError("no key named " + name + " in " + list);
  }

  /** req_ + 32 hex digits is the generation's UUID without its dashes. */
  private static String nativeId(String requestId) {
    return new PrefixedIds("req_").parse(requestId).orElseThrow().toString();
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(96, 54, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        image.setRGB(x, y, (x * 2) << 16 | (y * 4) << 8 | 0x80);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
