package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.reelay.stack.Ports;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image inputs through the whole stack: a data: URI and fetched reference images on the
 * simulator (which downloads them from our signed links), a multipart upload handed to Vinci as
 * its multipart image-to-video call, and the SSRF rules: loopback, metadata, private addresses, a
 * DNS name that resolves to loopback and redirects to any of them all answer 400 and charge
 * nothing.
 */
class ImageInputsEndToEndTest {

  private static final long MAX_IMAGE_BYTES = 300_000;

  private static LocalStack stack;
  private static WorkflowClient temporal;
  private static HttpServer images;
  private static final AtomicInteger imageRequests = new AtomicInteger();
  private static byte[] png;
  private static byte[] jpeg;
  private static int strictApiPort;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    png = image("png");
    jpeg = image("jpg");
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.createContext(
        "/cat.png",
        exchange -> {
          imageRequests.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "image/png");
          exchange.sendResponseHeaders(200, png.length);
          exchange.getResponseBody().write(png);
          exchange.close();
        });
    images.createContext(
        "/redirect",
        exchange -> {
          // /redirect?to=<url>
          String to = exchange.getRequestURI().getRawQuery().substring(3);
          exchange.getResponseHeaders().add("Location", java.net.URLDecoder.decode(to, StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    images.start();
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_EMULATORS_ENABLED", "true",
                "REELAY_VINCI_ENABLED", "true",
                "REELAY_VINCI_POLL_SECONDS", "1",
                "REELAY_EMULATORS_VINCI_DELAY_SECONDS", "1",
                "REELAY_SIM_DELAY_SECONDS", "1",
                "REELAY_SIM_FAST_POLL_SECONDS", "2",
                "REELAY_IMAGES_MAX_BYTES", String.valueOf(MAX_IMAGE_BYTES),
                // this stack may fetch from the test's image server on 127.0.0.1, and only there
                "REELAY_IMAGES_ALLOWED_HOSTS", "127.0.0.1",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
    temporal = stack.temporalClient();
    // and an API process with the default rules: no address is allow-listed
    strictApiPort = Ports.free();
    stack.startExtraApp(
        strictApiPort, Map.of("REELAY_ROLES", "api", "REELAY_IMAGES_ALLOWED_HOSTS", ""));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (images != null) {
      images.stop(0);
    }
  }

  @Test
  void aDataUriFirstFrameAndFetchedReferencesReachTheProviderAndOnlyReferencesEnterHistory() throws Exception {
    String key = stack.newAccount("images-sim", "1.00");
    int before = imageRequests.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "sim-fast");
    body.put("prompt", "the cat blinks");
    body.put("duration_seconds", 2);
    body.put("image_url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    body.put("reference_image_urls", List.of(imageUrl("/cat.png"), imageUrl("/cat.png?second")));
    body.put("camera_fixed", true);
    HttpResponse<String> created = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(201, created.statusCode(), created.body());
    String id = LocalStack.json(created).get("id").asText();
    // the simulator downloads all three from our signed links: a broken link would fail the job
    stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));
    assertEquals(2, imageRequests.get() - before, "each reference fetched once, by the API");

    String input = workflowInput(id);
    assertTrue(input.contains("\"first_frame\"") || input.contains("first_frame"), input);
    assertEquals(2, input.split("\"reference\"", -1).length - 1, input);
    assertFalse(input.contains(Base64.getEncoder().encodeToString(png).substring(0, 40)), "no image bytes in history");
    assertFalse(input.contains("127.0.0.1:" + images.getAddress().getPort()), "no client image URL in history");

    // the stored image is served only on a signed link
    String assetKey = input.replaceAll("(?s).*\"assetKey\":\"(inputs/[^\"]+)\".*", "$1");
    assertTrue(assetKey.startsWith("inputs/" + id + "/"), assetKey);
    assertEquals(404, stack.get("/" + assetKey, null).statusCode());
    assertEquals(404, stack.get("/" + assetKey + "?expires=9999999999&sig=forged", null).statusCode());
  }

  @Test
  void aMultipartUploadIsHandedToVinciAsItsMultipartImageToVideoCall() throws Exception {
    String key = stack.newAccount("images-vinci", "1.00");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("model", "vinci-video");
    fields.put("prompt", "the lighthouse beam turns");
    fields.put("duration_seconds", "2");
    fields.put("resolution", "720p");
    String boundary = "reelay-" + UUID.randomUUID();
    byte[] form = multipart(boundary, fields, "image", "photo.jpg", "image/jpeg", jpeg);
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(stack.uri("/v1/generations"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());
    String id = LocalStack.json(created).get("id").asText();
    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));
    assertEquals("vinci", done.get("provider").asText());

    // ask the emulator what it received under the job id the workflow kept
    String jobId = temporal.newWorkflowStub(io.reelay.workflows.generation.GenerationWorkflow.class, "generation-" + id)
        .status().providerJobId();
    HttpResponse<String> upstream =
        http.send(
            HttpRequest.newBuilder(stack.uri("/emulators/vinci/api/v1/status/" + jobId))
                .header("Authorization", "Bearer vinci-test-key")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(jpeg.length, LocalStack.json(upstream).get("emulator_input_image_bytes").asInt(), upstream.body());
  }

  @Test
  void imagesAtLoopbackMetadataPrivateAddressesOrANameForThemAreRefusedAndNothingIsCharged() throws Exception {
    String key = stack.newAccount("images-ssrf", "1.00");
    int port = images.getAddress().getPort();
    List<String> forbidden =
        List.of(
            "http://127.0.0.1:" + port + "/cat.png",
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://10.0.0.1/cat.png",
            "http://localhost:" + port + "/cat.png",
            "http://[::1]:" + port + "/cat.png");
    for (String url : forbidden) {
      HttpResponse<String> refused = postAt(strictApiPort, key, Map.of("model", "sim-fast", "prompt", "ssrf", "image_url", url));
      assertEquals(400, refused.statusCode(), url + " -> " + refused.body());
      JsonNode error = LocalStack.json(refused).get("error");
      assertEquals("INVALID_PARAMETER", error.get("code").asText());
      assertEquals("image_url", error.get("param").asText());
    }
    assertNothingCharged(key);
  }

  @Test
  void aRedirectToAForbiddenAddressIsRefusedEvenFromAnAllowedHost() throws Exception {
    String key = stack.newAccount("images-redirect", "1.00");
    int port = images.getAddress().getPort();
    for (String target :
        List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/cat.png",
            "http://localhost:" + port + "/cat.png")) {
      String url = imageUrl("/redirect?to=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8));
      HttpResponse<String> refused =
          stack.post(
              "/v1/generations",
              key,
              Map.of("model", "sim-fast", "prompt", "redirected", "reference_image_urls", List.of(url)),
              Map.of());
      assertEquals(400, refused.statusCode(), target + " -> " + refused.body());
      assertEquals("reference_image_urls", LocalStack.json(refused).get("error").get("param").asText());
    }
    assertNothingCharged(key);
  }

  @Test
  void oversizeNonImageAndMisplacedImagesGetClearErrors() throws Exception {
    String key = stack.newAccount("images-bad", "1.00");
    byte[] big = new byte[(int) MAX_IMAGE_BYTES + 1];
    System.arraycopy(png, 0, big, 0, png.length);
    HttpResponse<String> tooLarge =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", "sim-fast", "prompt", "big", "image_url", "data:image/png;base64," + Base64.getEncoder().encodeToString(big)),
            Map.of());
    assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    assertEquals("PAYLOAD_TOO_LARGE", LocalStack.json(tooLarge).get("error").get("code").asText());

    HttpResponse<String> text =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", "sim-fast", "prompt", "text", "image_url", "data:image/png;base64," + Base64.getEncoder().encodeToString("hello".getBytes())),
            Map.of());
    assertEquals(400, text.statusCode(), text.body());
    assertTrue(text.body().contains("JPEG") || text.body().contains("image"), text.body());

    HttpResponse<String> noReferences =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", "vinci-video", "prompt", "refs", "reference_image_urls", List.of(imageUrl("/cat.png"))),
            Map.of());
    assertEquals(400, noReferences.statusCode(), noReferences.body());
    assertEquals("reference_image_urls", LocalStack.json(noReferences).get("error").get("param").asText());

    HttpResponse<String> sixReferences =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", "sim-fast", "prompt", "refs", "reference_image_urls", java.util.Collections.nCopies(6, imageUrl("/cat.png"))),
            Map.of());
    assertEquals(400, sixReferences.statusCode(), sixReferences.body());

    HttpResponse<String> audioPromptWithoutAudio =
        stack.post("/v1/generations", key, Map.of("model", "sim-fast", "prompt", "p", "audio_prompt", "rain"), Map.of());
    assertEquals(400, audioPromptWithoutAudio.statusCode(), audioPromptWithoutAudio.body());
    assertNothingCharged(key);
  }

  private static void assertNothingCharged(String key) throws Exception {
    JsonNode balance = LocalStack.json(stack.get("/v1/balance", key));
    assertEquals(0, new BigDecimal("1.00").compareTo(balance.get("balance_usd").decimalValue()), balance.toString());
    assertEquals(0, LocalStack.json(stack.get("/v1/generations", key)).get("data").size());
  }

  private static HttpResponse<String> postAt(int port, String key, Map<String, Object> body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/generations"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String imageUrl(String path) {
    return "http://127.0.0.1:" + images.getAddress().getPort() + path;
  }

  /** The workflow's input as recorded in its history. */
  private static String workflowInput(String id) {
    for (HistoryEvent e : temporal.fetchHistory("generation-" + id).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
        return e.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0).getData().toStringUtf8();
      }
    }
    throw new AssertionError("no start event");
  }

  /** A small test picture; the door tests use it too. */
  static byte[] image(String format) throws Exception {
    BufferedImage image = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 36; y++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 7) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  /** A multipart/form-data body: text fields, then one file part (the door tests use it too). */
  static byte[] multipart(
      String boundary, Map<String, String> fields, String fileField, String fileName, String fileType, byte[] file) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(file.length + 1024);
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    fields.forEach(
        (name, value) ->
            out.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                    .getBytes(utf8)));
    out.writeBytes(
        ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + fileType + "\r\n\r\n")
            .getBytes(utf8));
    out.writeBytes(file);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
    return out.toByteArray();
  }
}
