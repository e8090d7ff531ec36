package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.app.compat.PrefixedIds;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the doors share, seen across them: one key, one balance and one rate limit whichever door
 * a request comes through; every generation an ordinary one that names its door (native API,
 * Temporal search attribute and summary); the signed video links. Each door's own API is tested
 * by its own class.
 */
class FrontDoorsEndToEndTest {

  private static LocalStack stack;
  private static WorkflowClient temporal;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_FAST_POLL_SECONDS", "2",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
    temporal = stack.temporalClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void oneKeyAndOneBalanceServeEveryDoorAndEachGenerationNamesItsDoor() throws Exception {
    String key = stack.newAccount("doors-together", "1.00");

    HttpResponse<String> vinci =
        stack.post(
            "/compat/vinci/api/v1/generate/text-to-video",
            key,
            Map.of("prompt", "a kite over dunes", "duration_seconds", 2, "aspect_ratio", "16:9"),
            Map.of());
    assertEquals(200, vinci.statusCode(), vinci.body());
    UUID vinciId = uuidOf(LocalStack.json(vinci).get("request_id").asText(), "req_");

    HttpResponse<String> openai =
        stack.post("/compat/openai/v1/videos", key, Map.of("model", "sora-2", "prompt", "rain on a window", "seconds", "4", "size", "1280x720"), Map.of());
    assertEquals(200, openai.statusCode(), openai.body());
    UUID openaiId = uuidOf(LocalStack.json(openai).get("id").asText(), "video_");

    HttpResponse<String> nativeCreate =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", "sim-fast", "prompt", "a lantern", "duration_seconds", 1, "resolution", "480p"),
            Map.of());
    assertEquals(201, nativeCreate.statusCode(), nativeCreate.body());
    UUID nativeId = UUID.fromString(LocalStack.json(nativeCreate).get("id").asText());

    Map<UUID, String> doors = Map.of(vinciId, "vinci", openaiId, "openai", nativeId, "native");
    BigDecimal spent = BigDecimal.ZERO;
    for (Map.Entry<UUID, String> generation : doors.entrySet()) {
      // the native API reads every door's generation, and names the door
      JsonNode done = stack.awaitStatus(key, generation.getKey().toString(), "completed", Duration.ofSeconds(90));
      assertEquals(generation.getValue(), done.get("door").asText(), done.toString());
      spent = spent.add(done.get("cost_usd").decimalValue());
    }
    // one balance: what the three cost together, whichever door they came through
    assertEquals(0, new BigDecimal("0.35").compareTo(spent), "2 s + 4 s + 1 s at $0.05/s");
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("0.65").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    JsonNode vinciBalance = LocalStack.json(stack.get("/compat/vinci/api/v1/billing/balance", key));
    assertEquals(0, new BigDecimal("0.65").compareTo(vinciBalance.get("balance_usd").decimalValue()), vinciBalance.toString());

    // operators find a door's generations in Temporal by its search attribute and summary
    String vinciWorkflow = "generation-" + vinciId;
    assertTrue(
        workflowsMatching("ReelayDoor=\"vinci\"", vinciWorkflow).contains(vinciWorkflow),
        "ReelayDoor=\"vinci\" finds the Vinci door's generation");
    Set<String> natives = workflowsMatching("ReelayDoor=\"native\"", "generation-" + nativeId);
    assertTrue(natives.contains("generation-" + nativeId) && !natives.contains(vinciWorkflow), natives.toString());
    String summary = temporal.newUntypedWorkflowStub(vinciWorkflow).describe().getStaticSummary();
    assertTrue(summary.startsWith("vinci door · text-to-video · sim-fast"), summary);
  }

  @Test
  void aKeysRateLimitIsOneBudgetAcrossTheDoorsAndEachDoorRefusesInItsOwnShape() throws Exception {
    String account = stack.newAccount("doors-rate", "1.00");
    HttpResponse<String> created =
        stack.post("/v1/keys", account, Map.of("name", "four a minute", "rate_limit_per_minute", 4), Map.of());
    assertEquals(201, created.statusCode(), created.body());
    String key = LocalStack.json(created).get("key").asText();

    List<String> paths =
        List.of("/compat/vinci/api/v1/billing/balance", "/compat/openai/v1/videos", "/v1/balance", "/compat/venice/api/v1/models?type=video");
    for (int i = 0; i < paths.size(); i++) {
      HttpResponse<String> allowed = stack.get(paths.get(i), key);
      assertEquals(200, allowed.statusCode(), paths.get(i) + ": " + allowed.body());
      assertEquals(String.valueOf(3 - i), allowed.headers().firstValue("X-RateLimit-Remaining").orElseThrow(), paths.get(i));
    }

    HttpResponse<String> vinci = stack.get("/compat/vinci/api/v1/billing/balance", key);
    assertEquals(429, vinci.statusCode());
    assertTrue(LocalStack.json(vinci).get("detail").isTextual(), "Vinci's {\"detail\"}: " + vinci.body());
    assertTrue(vinci.headers().firstValue("Retry-After").isPresent());

    HttpResponse<String> openai = stack.get("/compat/openai/v1/videos", key);
    assertEquals(429, openai.statusCode());
    assertEquals("rate_limit_exceeded", LocalStack.json(openai).get("error").get("code").asText(), openai.body());

    HttpResponse<String> nativeApi = stack.get("/v1/balance", key);
    assertEquals(429, nativeApi.statusCode());
    assertEquals("RATE_LIMIT_EXCEEDED", LocalStack.json(nativeApi).get("error").get("code").asText(), nativeApi.body());
  }

  @Test
  void aDoorsVideoLinkNeedsNoKeyServesRangesAndRefusesATamperedSignature() throws Exception {
    String key = stack.newAccount("doors-links", "1.00");
    HttpResponse<String> create =
        stack.post("/compat/vinci/api/v1/generate/text-to-video", key, Map.of("prompt", "a tide pool", "duration_seconds", 1), Map.of());
    assertEquals(200, create.statusCode(), create.body());
    String requestId = LocalStack.json(create).get("request_id").asText();
    stack.awaitStatus(key, uuidOf(requestId, "req_").toString(), "completed", Duration.ofSeconds(90));
    String videoUrl = LocalStack.json(stack.get("/compat/vinci/api/v1/status/" + requestId, key)).get("video_url").asText();
    assertTrue(videoUrl.contains("/files/videos/") && videoUrl.contains("sig="), videoUrl);

    HttpResponse<byte[]> anonymous = download(videoUrl, null, null);
    assertEquals(200, anonymous.statusCode());
    assertEquals("video/mp4", anonymous.headers().firstValue("Content-Type").orElseThrow());
    java.nio.file.Path file = java.nio.file.Files.createTempFile("door-link", ".mp4");
    try {
      java.nio.file.Files.write(file, anonymous.body());
      Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
      assertTrue(facts.durationMillis() > 500, facts.toString());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }

    // a client that sends its key with every request (here another account's) gets the same bytes
    String otherKey = stack.newAccount("doors-links-other", "0.01");
    assertArrayEquals(anonymous.body(), download(videoUrl, otherKey, null).body());

    HttpResponse<byte[]> range = download(videoUrl, null, "bytes=0-99");
    assertEquals(206, range.statusCode());
    assertArrayEquals(Arrays.copyOfRange(anonymous.body(), 0, 100), range.body());

    String tampered = videoUrl.substring(0, videoUrl.length() - 2) + (videoUrl.endsWith("AA") ? "BB" : "AA");
    assertEquals(404, download(tampered, null, null).statusCode());
    String unsigned = videoUrl.substring(0, videoUrl.indexOf('?'));
    assertEquals(404, download(unsigned, null, null).statusCode());
    String longer = videoUrl.replaceFirst("expires=(\\d+)", "expires=9$1");
    assertEquals(404, download(longer, null, null).statusCode(), "the expiry is signed too");
  }

  private static HttpResponse<byte[]> download(String url, String bearer, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (range != null) {
      request.header("Range", range);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A door's id is the generation's UUID as 32 hex digits after its prefix. */
  private static UUID uuidOf(String doorId, String prefix) {
    assertTrue(doorId.startsWith(prefix), doorId);
    return new PrefixedIds(prefix).parse(doorId).orElseThrow();
  }

  /** The workflow ids a visibility query finds, once the index shows {@code expected} (or after 10 s). */
  private static Set<String> workflowsMatching(String query, String expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    Set<String> found = Set.of();
    while (System.currentTimeMillis() < deadline && !found.contains(expected)) {
      Thread.sleep(200);
      found = temporal.listExecutions(query).map(e -> e.getExecution().getWorkflowId()).collect(Collectors.toSet());
    }
    return found;
  }
}
