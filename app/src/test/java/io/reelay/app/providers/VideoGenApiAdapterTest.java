package io.reelay.app.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderAdapter.Image;
import io.reelay.activities.providers.ProviderAdapter.Submission;
import io.reelay.activities.providers.ProviderException;
import io.reelay.activities.providers.ProviderRegistry;
import io.reelay.activities.providers.videogenapi.VideoGenApiProviderAdapter;
import io.reelay.emulators.testing.EmbeddedApp;
import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The VideoGenAPI adapter as the worker uses it (the bean from the app's context), against the
 * app's own VideoGenAPI emulator over real HTTP: request mapping, every status, images by signed
 * URL (served by a small HTTP server of this test), each error's retryability, the 429 hint, and
 * downloads from fresh, expiring and off-API URLs. No secret may reach a log or an exception.
 */
class VideoGenApiAdapterTest {

  private static final String KEY = "videogenapi-test-key";
  private static final int MAX_IMAGE_BYTES = 200_000;
  private static final int THROTTLE_RESET_SECONDS = 4;
  // what a signed input URL carries; must never show up in logs or errors
  private static final String IMAGE_TOKEN = "sig-" + UUID.randomUUID();

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  private static EmbeddedServer server;
  private static ProviderAdapter adapter;
  private static Map<String, Object> properties;
  private static ApplicationContext wrongKeyContext;
  private static JsonMapper json;
  private static HttpServer images;
  private static final Map<String, byte[]> imageFiles = new HashMap<>();
  private static final Map<String, AtomicInteger> imageHits = new ConcurrentHashMap<>();
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private static final List<String> errorMessages = new ArrayList<>();
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    Logger reelay = (Logger) LoggerFactory.getLogger("io.reelay");
    reelay.setLevel(Level.DEBUG);
    logs.start();
    reelay.addAppender(logs);

    startImageServer();
    postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
    properties = EmbeddedApp.apiOnly(postgres, dataDir);
    // a fixed port: the adapter's default base URL (our own emulator) is built from it
    properties.put("micronaut.server.port", freePort());
    properties.put("reelay.providers.videogenapi.enabled", "true");
    properties.put("reelay.providers.videogenapi.base-url", "");
    properties.put("reelay.providers.videogenapi.api-key", KEY);
    properties.put("reelay.emulators.videogenapi.enabled", "true");
    properties.put("reelay.emulators.videogenapi.api-key", KEY);
    properties.put("reelay.emulators.videogenapi.delay-seconds", "1");
    properties.put("reelay.emulators.videogenapi.throttle-reset-seconds", String.valueOf(THROTTLE_RESET_SECONDS));
    properties.put("reelay.emulators.videogenapi.max-image-bytes", String.valueOf(MAX_IMAGE_BYTES));
    properties.put("reelay.emulators.videogenapi.hourly-limits.wan-25", "1");
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    json = server.getApplicationContext().getBean(JsonMapper.class);
    try {
      adapter = server.getApplicationContext().getBean(ProviderRegistry.class).adapter("videogenapi");
    } catch (ProviderException e) {
      throw new AssertionError("the videogenapi adapter is not registered", e);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (wrongKeyContext != null) {
      wrongKeyContext.close();
    }
    ((Logger) LoggerFactory.getLogger("io.reelay")).detachAppender(logs);
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

  /** Neither the API key nor a signed image link may reach a log line or an exception message. */
  @AfterEach
  void noSecretsLeaked() {
    List<String> texts = new ArrayList<>(errorMessages);
    List<ILoggingEvent> events;
    synchronized (logs) { // the appender's own lock: server threads may be logging
      events = new ArrayList<>(logs.list);
      // each test answers for its own lines
      logs.list.clear();
    }
    errorMessages.clear();
    for (ILoggingEvent event : events) {
      texts.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        texts.add(event.getThrowableProxy().getMessage());
      }
    }
    for (String text : texts) {
      if (text != null) {
        assertFalse(text.contains(KEY), "API key in: " + text);
        assertFalse(text.contains(IMAGE_TOKEN), "signed image URL in: " + text);
        assertFalse(text.contains("/inputs/"), "image URL in: " + text);
      }
    }
  }

  private static void startImageServer() throws IOException {
    imageFiles.put("/inputs/portrait.png", image("png", 90, 160));
    imageFiles.put("/inputs/photo.jpg", image("jpg", 160, 90));
    imageFiles.put("/inputs/anim.gif", image("gif", 48, 48));
    imageFiles.put("/inputs/page.png", "<html>a login page</html>".getBytes());
    imageFiles.put("/inputs/big.png", Arrays.copyOf(image("png", 64, 64), MAX_IMAGE_BYTES + 1));
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = imageFiles.get(path);
          // like our signed links: no token, no image
          boolean signed = String.valueOf(exchange.getRequestURI().getQuery()).contains("sig=" + IMAGE_TOKEN);
          imageHits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          if (body == null || !signed) {
            exchange.sendResponseHeaders(body == null ? 404 : 403, -1);
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
  void textToVideoGoesFromSubmitThroughEveryPhaseToADownloadedVideo() throws Exception {
    VideoSpec spec = new VideoSpec("a paper boat on a canal [vgapi:delay=3]", "blurry", 5, "9:16", "720p", 7L, true, "rain on water", true, null);
    String id = adapter.submit(new Submission(UUID.randomUUID().toString(), "kling_25", spec, null, List.of()));
    assertTrue(id.matches("gen_[0-9a-f]{13}_\\d{6}"), id);

    // what the emulator received, as it stored it
    Map<String, Object> stored = storedJob(id);
    assertEquals("kling_25", stored.get("model"));
    assertEquals("text-to-video", stored.get("type"));
    assertEquals(5, stored.get("duration_seconds"));
    assertEquals("720p", stored.get("resolution"));
    assertEquals("9:16", stored.get("aspect_ratio"));
    assertEquals(7L, stored.get("seed"));
    assertEquals(true, stored.get("add_audio"));
    assertEquals("rain on water", stored.get("audio_prompt"));
    assertEquals(true, stored.get("camera_fixed"));

    List<JobState.Phase> phases = new ArrayList<>();
    JobState last = pollUntilTerminal(id, phases);
    assertEquals(List.of(JobState.Phase.QUEUED, JobState.Phase.RUNNING, JobState.Phase.SUCCEEDED), phases);
    assertEquals(100, last.progress());
    assertNull(last.errorCode());

    // the documented video_url is on the API: only works with our key, which the adapter sends
    Mp4Probe.VideoFacts facts = download(id);
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
    assertEquals(5000, facts.durationMillis());
  }

  @Test
  void imageToVideoSendsTheSignedUrlsWhichTheEmulatorDownloads() throws Exception {
    int[] before = {hits("/inputs/portrait.png"), hits("/inputs/photo.jpg"), hits("/inputs/anim.gif")};
    List<Image> inputs =
        List.of(
            image(true, "image/png", "/inputs/portrait.png"),
            image(false, "image/jpeg", "/inputs/photo.jpg"),
            image(false, "image/gif", "/inputs/anim.gif"));
    // asked for 16:9, but with a first frame the image decides (aspect_ratio is text-to-video only)
    VideoSpec spec = new VideoSpec("the boat sails off [vgapi:delay=0]", null, 5, "16:9", "720p", null, false, null, null, null);
    String id = adapter.submit(new Submission(UUID.randomUUID().toString(), "kling_25", spec, null, inputs));

    assertEquals(before[0] + 1, hits("/inputs/portrait.png"));
    assertEquals(before[1] + 1, hits("/inputs/photo.jpg"));
    assertEquals(before[2] + 1, hits("/inputs/anim.gif"));
    Map<String, Object> stored = storedJob(id);
    assertEquals("image-to-video", stored.get("type"));
    assertEquals(3, stored.get("image_count"));
    long total = imageFiles.get("/inputs/portrait.png").length + imageFiles.get("/inputs/photo.jpg").length
        + imageFiles.get("/inputs/anim.gif").length;
    assertEquals(total, stored.get("image_bytes"));
    assertEquals("9:16", stored.get("aspect_ratio"), "the portrait first frame sets the orientation");

    assertEquals(JobState.Phase.SUCCEEDED, pollUntilTerminal(id, new ArrayList<>()).phase());
    Mp4Probe.VideoFacts facts = download(id);
    assertEquals(720, facts.width());
    assertEquals(1280, facts.height());
  }

  @Test
  void referenceImagesAloneKeepTheRequestedAspectRatio() throws Exception {
    int before = hits("/inputs/photo.jpg");
    VideoSpec spec = new VideoSpec("in this style", null, 5, "1:1", "720p", null, false, null, null, null);
    String id =
        adapter.submit(
            new Submission(
                UUID.randomUUID().toString(), "kling_25", spec, null,
                List.of(image(false, "image/jpeg", "/inputs/photo.jpg"), image(false, "image/jpeg", "/inputs/photo.jpg"))));
    assertEquals(before + 2, hits("/inputs/photo.jpg"));
    Map<String, Object> stored = storedJob(id);
    assertEquals("image-to-video", stored.get("type"));
    assertEquals(2, stored.get("image_count"));
    assertEquals("1:1", stored.get("aspect_ratio"));
  }

  @Test
  void definitiveErrorsAreNotRetryable() throws Exception {
    // 400: the first frame's URL does not give an image
    ProviderException invalid =
        submitFails("x", List.of(image(true, "image/png", "/inputs/page.png")), "kling_25");
    assertRefused(invalid, "HTTP_400");
    assertTrue(invalid.getMessage().contains("image_url"), invalid.getMessage());

    // 401: a wrong key
    // the adapter bean of a context (no server) like the app's, with another key
    Map<String, Object> wrongKeyProperties = new HashMap<>(properties);
    wrongKeyProperties.put("reelay.providers.videogenapi.api-key", "not-the-key");
    wrongKeyProperties.put("reelay.emulators.videogenapi.enabled", "false"); // the server's one serves
    wrongKeyContext = ApplicationContext.run(wrongKeyProperties);
    ProviderAdapter wrongKey = wrongKeyContext.getBean(VideoGenApiProviderAdapter.class);
    ProviderException unauthorized =
        remember(assertThrows(ProviderException.class, () -> wrongKey.submit(submission("a cat", List.of(), "kling_25"))));
    assertRefused(unauthorized, "HTTP_401");
    assertTrue(unauthorized.getMessage().contains("Invalid or missing API key"), unauthorized.getMessage());

    // 402: no credits left
    assertRefused(submitFails("a cat [vgapi:402]", List.of(), "kling_25"), "HTTP_402");

    // 404: a generation the API does not know
    assertRefused(remember(assertThrows(ProviderException.class, () -> adapter.poll("gen_0000000000000_000000"))), "HTTP_404");

    // 413: an image over the API's limit
    assertRefused(submitFails("x", List.of(image(true, "image/png", "/inputs/big.png")), "kling_25"), "HTTP_413");

    // an id that is not one never reaches a URL path
    assertRefused(remember(assertThrows(ProviderException.class, () -> adapter.poll("../user"))), "BAD_JOB_ID");
    assertRefused(remember(assertThrows(ProviderException.class, () -> adapter.download("gen_1/../../x"))), "BAD_JOB_ID");
  }

  @Test
  void aBurstOfServerErrorsIsRetryable() throws Exception {
    String id = adapter.submit(submission("a storm [vgapi:5xx=2] [vgapi:delay=0]", List.of(), "kling_25"));
    for (int i = 0; i < 2; i++) {
      ProviderException e = remember(assertThrows(ProviderException.class, () -> adapter.poll(id)));
      assertTrue(e.retryable());
      assertEquals("HTTP_500", e.code());
      assertNull(e.retryAfter());
    }
    assertEquals(JobState.Phase.SUCCEEDED, adapter.poll(id).phase());
  }

  @Test
  void aRateLimitIsRetryableAfterSecondsUntilReset() throws Exception {
    String prompt = "a crowded square " + UUID.randomUUID() + " [vgapi:429]";
    ProviderException throttled = submitFails(prompt, List.of(), "kling_25");
    assertTrue(throttled.retryable());
    assertEquals("HTTP_429", throttled.code());
    assertEquals(Duration.ofSeconds(THROTTLE_RESET_SECONDS), throttled.retryAfter());
    assertTrue(throttled.getMessage().contains("Kling 2.5 rate limit exceeded"), throttled.getMessage());
    assertNotNull(adapter.submit(submission(prompt, List.of(), "kling_25")));

    // the model's own hourly limit (1 for wan-25 here): the hint is the time until the window frees
    adapter.submit(submission("first of the hour", List.of(), "wan-25"));
    ProviderException overLimit = submitFails("second of the hour", List.of(), "wan-25");
    assertTrue(overLimit.retryable());
    long seconds = overLimit.retryAfter().toSeconds();
    assertTrue(seconds > 3500 && seconds <= 3600, "retry after " + seconds + " s");
  }

  @Test
  void aFailedGenerationIsFailedWithTheProvidersReason() throws Exception {
    String id = adapter.submit(submission("a broken dream [vgapi:fail]", List.of(), "kling_25"));
    JobState state = pollUntilTerminal(id, new ArrayList<>());
    assertEquals(JobState.Phase.FAILED, state.phase());
    assertEquals("videogenapi_failed", state.errorCode());
    assertEquals("Generation failed: The model could not render this prompt", state.errorMessage());
  }

  @Test
  void anExpiredVideoUrlIsReplacedByAFreshOneOnDownload() throws Exception {
    String id = adapter.submit(submission("fleeting [vgapi:expire] [vgapi:delay=0]", List.of(), "kling_25"));
    assertEquals(JobState.Phase.SUCCEEDED, pollUntilTerminal(id, new ArrayList<>()).phase());
    // a link handed out now is dead a second later
    String handedOut = statusOf(id).get("video_url").toString();
    Thread.sleep(1_200);
    HttpResponse<String> stale =
        http.send(
            HttpRequest.newBuilder(URI.create(handedOut)).header("Authorization", "Bearer " + KEY).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, stale.statusCode(), "the first link expired");
    // the adapter kept no link: it asks again and gets one that works
    assertEquals(5000, download(id).durationMillis());
  }

  @Test
  void theKeyIsNotSentToAHostOtherThanTheApi() throws Exception {
    // the emulator's storage path refuses (400) any request that carries an Authorization header
    String id = adapter.submit(submission("kept in storage [vgapi:storage] [vgapi:delay=0]", List.of(), "kling_25"));
    assertEquals(JobState.Phase.SUCCEEDED, pollUntilTerminal(id, new ArrayList<>()).phase());
    assertTrue(statusOf(id).get("video_url").toString().contains("/emulators/videogenapi-storage/"));
    assertEquals(5000, download(id).durationMillis());
  }

  @Test
  void cancelOnlyStopsOurSide() throws Exception {
    String id = adapter.submit(submission("not wanted after all", List.of(), "kling_25"));
    adapter.cancel(id);
    assertEquals(JobState.Phase.SUCCEEDED, pollUntilTerminal(id, new ArrayList<>()).phase());
    synchronized (logs) {
      assertTrue(
          logs.list.stream()
              .anyMatch(e -> e.getFormattedMessage().contains("no cancel endpoint") && e.getFormattedMessage().contains(id)),
          "the cancel is logged");
    }
  }

  // ---- helpers

  private static Submission submission(String prompt, List<Image> inputs, String model) {
    VideoSpec spec = new VideoSpec(prompt, null, 5, "16:9", "720p", null, false, null, null, null);
    return new Submission(UUID.randomUUID().toString(), model, spec, null, inputs);
  }

  private static ProviderException submitFails(String prompt, List<Image> inputs, String model) {
    return remember(assertThrows(ProviderException.class, () -> adapter.submit(submission(prompt, inputs, model))));
  }

  private static ProviderException remember(ProviderException e) {
    errorMessages.add(e.getMessage());
    return e;
  }

  private static void assertRefused(ProviderException e, String code) {
    assertFalse(e.retryable(), code + " must be definitive: " + e.getMessage());
    assertEquals(code, e.code(), e.getMessage());
  }

  /** An input image as ProviderActivities hands it over: bytes plus a signed link to them. */
  private static Image image(boolean firstFrame, String contentType, String path) {
    URI url =
        URI.create("http://127.0.0.1:" + images.getAddress().getPort() + path + "?expires=9999999999&sig=" + IMAGE_TOKEN);
    return new Image(firstFrame, contentType, imageFiles.get(path), url);
  }

  private static JobState pollUntilTerminal(String id, List<JobState.Phase> phases) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      JobState state = adapter.poll(id);
      if (phases.isEmpty() || phases.get(phases.size() - 1) != state.phase()) {
        phases.add(state.phase());
      }
      if (state.phase().terminal()) {
        return state;
      }
      Thread.sleep(100);
    }
    return fail("generation " + id + " did not finish");
  }

  private static Mp4Probe.VideoFacts download(String id) throws Exception {
    Path file = dataDir.resolve("adapter-" + id + "-" + System.nanoTime() + ".mp4");
    try (ProviderAdapter.VideoDownload video = adapter.download(id);
        InputStream in = video.body()) {
      assertEquals("video/mp4", video.contentType());
      Files.copy(in, file);
    }
    return Mp4Probe.probe(file);
  }

  /** The emulator's status of a generation, read directly (the adapter never shows its URLs). */
  private static Map<String, Object> statusOf(String id) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.getURL() + "/emulators/videogenapi/api/v1/status/" + id))
                .header("Authorization", "Bearer " + KEY)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
  }

  /** The emulator's row of a generation: what it understood the adapter to ask for. */
  private static Map<String, Object> storedJob(String id) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM videogenapi_emulator_jobs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "generation " + id + " is stored");
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    }
  }

  private static int hits(String path) {
    AtomicInteger count = imageHits.get(path);
    return count == null ? 0 : count.get();
  }

  private static byte[] image(String format, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x80);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "ImageIO writes " + format);
    return out.toByteArray();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
