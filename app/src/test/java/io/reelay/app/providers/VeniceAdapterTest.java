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
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.activities.assets.Mp4Probe;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderAdapter.Image;
import io.reelay.activities.providers.ProviderAdapter.Submission;
import io.reelay.activities.providers.ProviderAdapter.VideoDownload;
import io.reelay.activities.providers.ProviderException;
import io.reelay.activities.providers.venice.VeniceProviderAdapter;
import io.reelay.emulators.testing.EmbeddedApp;
import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The Venice adapter, taken from a running app's context, driven directly against the Venice
 * emulator the same app serves, over real HTTP on loopback; what the emulator received is read
 * from its rows in PostgreSQL. A few answers the emulator never gives (408, a hint only in the
 * message) come from a plain JDK HTTP server standing in for Venice.
 */
class VeniceAdapterTest {

  private static final String KEY = "venice-test-key";
  private static final String T2V = "kling-2.5-turbo-pro-text-to-video";
  private static final String I2V = "kling-2.5-turbo-pro-image-to-video";
  private static final String SIGNED_URL_TOKEN = "sig-" + UUID.randomUUID();

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  private static EmbeddedServer server;
  private static VeniceProviderAdapter adapter;
  private static Map<String, Object> properties;
  /** Contexts of adapters aimed elsewhere or holding another key, by base URL and key. */
  private static final Map<String, ApplicationContext> otherAdapters = new ConcurrentHashMap<>();
  private static HttpServer stub;
  /** What the stub answers, by path: status, headers, body. */
  private static final Map<String, StubAnswer> stubAnswers = new ConcurrentHashMap<>();

  private record StubAnswer(int status, Map<String, String> headers, String body) {}

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
    properties = EmbeddedApp.apiOnly(postgres, dataDir);
    // a fixed port: with none configured the adapter would find its own emulator on :8080
    properties.put("micronaut.server.port", freePort());
    // a small body limit, so a request Venice would find too large is cheap to make
    properties.put("micronaut.server.max-request-size", "1MB");
    properties.put("reelay.emulators.venice.enabled", "true");
    properties.put("reelay.emulators.venice.delay-seconds", "1");
    // the emulator's own limits are tested elsewhere; here they would only slow polling down
    properties.put("reelay.emulators.venice.queue-per-minute", "100000");
    properties.put("reelay.emulators.venice.retrieve-per-minute", "100000");
    properties.put("reelay.providers.venice.enabled", "true");
    properties.put("reelay.providers.venice.base-url", "");
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    adapter = server.getApplicationContext().getBean(VeniceProviderAdapter.class);

    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      StubAnswer answer = stubAnswers.get(exchange.getRequestURI().getPath());
      if (answer == null) {
        answer = new StubAnswer(404, Map.of(), "{\"error\": \"no such stub\"}");
      }
      answer.headers().forEach(exchange.getResponseHeaders()::add);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    stub.start();
  }

  @AfterAll
  static void stop() throws IOException {
    otherAdapters.values().forEach(ApplicationContext::close);
    if (stub != null) {
      stub.stop(0);
    }
    if (server != null) {
      server.getApplicationContext().close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  // ---- the happy paths

  @Test
  void aTextToVideoJobIsQueuedPolledDownloadedAndDiscarded() throws Exception {
    VideoSpec spec = new VideoSpec("a heron takes off [venice:delay=3]", "blurry", 5, "16:9", "720p", 42L, true);
    String id = adapter.submit(new Submission("gen-t2v", T2V, spec, null, List.of()));
    assertTrue(id.matches(T2V.replace(".", "\\.") + "\\|[0-9a-f-]{36}"), id);
    Map<String, Object> row = row(queueId(id));
    assertEquals(T2V, row.get("model"));
    assertEquals("a heron takes off [venice:delay=3]", row.get("prompt"));
    assertEquals("blurry", row.get("negative_prompt"));
    assertEquals(5, row.get("duration_seconds"));
    assertEquals("720p", row.get("resolution"));
    assertEquals("16:9", row.get("aspect_ratio"));
    assertEquals(true, row.get("audio"));
    assertEquals(42L, row.get("seed"));
    assertNull(row.get("image_type"));

    List<JobState> states = pollUntilTerminal(id);
    JobState last = states.get(states.size() - 1);
    assertEquals(new JobState(JobState.Phase.SUCCEEDED, 100, null, null), last);
    List<JobState> running = states.stream().filter(s -> s.phase() == JobState.Phase.RUNNING).toList();
    assertFalse(running.isEmpty(), "seen running: " + states);
    for (JobState state : running) {
      assertTrue(state.progress() >= 1 && state.progress() <= 99, state.toString());
    }
    assertTrue(running.get(running.size() - 1).progress() > running.get(0).progress(), "progress moves: " + running);
    // phases only move forward
    List<JobState.Phase> order = List.of(JobState.Phase.QUEUED, JobState.Phase.RUNNING, JobState.Phase.SUCCEEDED);
    for (int i = 1; i < states.size(); i++) {
      assertTrue(order.indexOf(states.get(i).phase()) >= order.indexOf(states.get(i - 1).phase()), states.toString());
    }

    Path file = dataDir.resolve("adapter-" + queueId(id) + ".mp4");
    try (VideoDownload video = adapter.download(id)) {
      assertEquals("video/mp4", video.contentType());
      Files.copy(video.body(), file);
      assertEquals(Files.size(file), video.contentLength());
    }
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    assertEquals(1280, facts.width());
    assertEquals(720, facts.height());
    assertEquals(5000, facts.durationMillis());
    // we never asked Venice to delete on delivery: it is still there
    assertNull(row(queueId(id)).get("deleted_at"));
    assertEquals(JobState.Phase.SUCCEEDED, adapter.poll(id).phase());

    adapter.discardResult(id);
    assertNotNull(row(queueId(id)).get("deleted_at"));
    ProviderException gone = assertThrows(ProviderException.class, () -> adapter.poll(id));
    assertEquals("HTTP_404", gone.code());
    assertFalse(gone.retryable());
    // discarding again finds it gone, which is what was wanted
    adapter.discardResult(id);
  }

  @Test
  void anImageToVideoJobSendsItsFirstFrameAsADataUri() throws Exception {
    byte[] png = png();
    Image firstFrame = new Image(true, "image/png", png, URI.create("http://127.0.0.1:1/inputs/g/0.png?token=" + SIGNED_URL_TOKEN));
    Image reference = new Image(false, "image/jpeg", jpeg(), URI.create("http://127.0.0.1:1/inputs/g/1.jpg?token=" + SIGNED_URL_TOKEN));
    VideoSpec spec = new VideoSpec("the kite rises [venice:never]", null, 10, "1:1", "1080p", null, false);
    String id = adapter.submit(new Submission("gen-i2v", I2V, spec, null, List.of(firstFrame, reference)));
    assertTrue(id.startsWith(I2V + "|"), id);
    Map<String, Object> row = row(queueId(id));
    assertEquals(I2V, row.get("model"));
    assertEquals("image/png", row.get("image_type"));
    assertEquals(png.length, row.get("image_bytes"));
    assertEquals("data_uri", row.get("image_source"));
    assertEquals(10, row.get("duration_seconds"));
    assertEquals("1080p", row.get("resolution"));
    assertEquals("1:1", row.get("aspect_ratio"));
    assertEquals(false, row.get("audio"));
    assertNull(row.get("negative_prompt"));
    awaitTrue(() -> adapter.poll(id).phase() == JobState.Phase.RUNNING, "the job runs");
  }

  @Test
  void pollingAFinishedJobDoesNotDownloadItsVideo() throws Exception {
    // 128 MiB of padding: far more than socket buffers hold, so reading it would show
    String id = adapter.submit(submission("a very large cat [venice:pad=128] [venice:delay=0]", 5));
    String queueId = queueId(id);
    JobState state = adapter.poll(id);
    assertEquals(JobState.Phase.SUCCEEDED, state.phase());
    awaitTrue(() -> row(queueId).get("video_sends").equals(1), "the emulator saw the answer end");
    long sentToPoll = (Long) row(queueId).get("video_bytes_sent");
    assertTrue(sentToPoll < 16L * 1024 * 1024, "poll made the emulator send " + sentToPoll + " bytes");

    // the same counter does see a whole video go out when one is downloaded
    long downloaded = 0;
    long length;
    try (VideoDownload video = adapter.download(id)) {
      length = video.contentLength();
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = video.body().read(buffer)) >= 0) {
        downloaded += n;
      }
    }
    assertTrue(length > 128L * 1024 * 1024, "length " + length);
    assertEquals(length, downloaded);
    awaitTrue(() -> row(queueId).get("video_sends").equals(2), "the download ended");
    assertEquals(sentToPoll + length, row(queueId).get("video_bytes_sent"));
  }

  @Test
  void cancelLeavesTheJobToFinishUpstream() throws Exception {
    String id = adapter.submit(submission("a cat [venice:delay=1]", 5));
    adapter.cancel(id);
    assertNull(row(queueId(id)).get("deleted_at"));
    assertEquals(JobState.Phase.SUCCEEDED, finalState(id).phase());
  }

  @Test
  void aFailedJobIsFailedWithVenicesError() throws Exception {
    String id = adapter.submit(submission("a cat [venice:fail] [venice:delay=1]", 5));
    JobState last = finalState(id);
    assertEquals(JobState.Phase.FAILED, last.phase());
    assertEquals("venice_failed", last.errorCode());
    assertEquals("Video generation failed: the model could not render this prompt", last.errorMessage());
    ProviderException download = assertThrows(ProviderException.class, () -> adapter.download(id));
    assertFalse(download.retryable());
  }

  @Test
  void quoteAsksVeniceForThePrice() throws Exception {
    VeniceProviderAdapter.Quote quote = adapter.quote(T2V, new VideoSpec("x", null, 10, "16:9", "1080p", null, true));
    assertEquals(0, new BigDecimal("1.20").compareTo(quote.amount()), quote.toString());
    assertEquals("USD", quote.currency());
  }

  // ---- errors

  @Test
  void invalidParametersAreADefinitive400() {
    ProviderException e =
        assertThrows(
            ProviderException.class,
            () -> adapter.submit(new Submission("g", T2V, new VideoSpec("a cat", null, 5, "4:3", "720p", null, false), null, List.of())));
    assertFalse(e.retryable());
    assertEquals("HTTP_400", e.code());
    assertEquals("aspect_ratio must be \"16:9\", \"9:16\" or \"1:1\"", e.getMessage());
  }

  @Test
  void aWrongKeyIsADefinitive401() throws Exception {
    String id = adapter.submit(submission("a cat [venice:never]", 5));
    VeniceProviderAdapter wrongKey = withKey("sk-wrong-" + UUID.randomUUID());
    for (ThrowingCall call :
        List.<ThrowingCall>of(
            () -> wrongKey.submit(submission("a cat", 5)),
            () -> wrongKey.poll(id),
            () -> wrongKey.download(id),
            () -> wrongKey.discardResult(id))) {
      ProviderException e = assertThrows(ProviderException.class, call::run);
      assertFalse(e.retryable());
      assertEquals("HTTP_401", e.code());
      assertFalse(e.getMessage().contains("sk-wrong"), e.getMessage());
    }
  }

  @Test
  void insufficientBalanceIsADefinitive402() {
    ProviderException e = assertThrows(ProviderException.class, () -> adapter.submit(submission("a cat [venice:402]", 10)));
    assertFalse(e.retryable());
    assertEquals("HTTP_402", e.code());
    assertTrue(e.getMessage().startsWith("Insufficient balance"), e.getMessage());
  }

  @Test
  void anUnknownJobOrTheWrongModelIsADefinitive404() throws Exception {
    String id = adapter.submit(submission("a cat [venice:never]", 5));
    for (String unknown : List.of(T2V + "|" + UUID.randomUUID(), "veo3-fast|" + queueId(id))) {
      ProviderException poll = assertThrows(ProviderException.class, () -> adapter.poll(unknown));
      assertEquals("HTTP_404", poll.code());
      assertFalse(poll.retryable());
      ProviderException download = assertThrows(ProviderException.class, () -> adapter.download(unknown));
      assertEquals("HTTP_404", download.code());
    }
    // none of that disturbed the job itself
    assertFalse(adapter.poll(id).phase().terminal());
    assertNull(row(queueId(id)).get("deleted_at"));
  }

  @Test
  void aRequestTooLargeIsADefinitive413() throws Exception {
    // the app limits request bodies to 1 MB: a 1.5 MB image does not fit in a queue request
    byte[] big = new byte[1_500_000];
    new Random(1).nextBytes(big);
    System.arraycopy(png(), 0, big, 0, 8);
    int before = jobCount();
    ProviderException e =
        assertThrows(
            ProviderException.class,
            () -> adapter.submit(new Submission("g", I2V, spec("a cat", 5), null, List.of(new Image(true, "image/png", big, null)))));
    assertEquals("HTTP_413", e.code());
    assertFalse(e.retryable());
    assertEquals(before, jobCount());
  }

  @Test
  void aThrottledQueueIsRetryableAfterVenicesHint() throws Exception {
    String prompt = "a cat [venice:429] " + UUID.randomUUID();
    ProviderException e = assertThrows(ProviderException.class, () -> adapter.submit(submission(prompt, 5)));
    assertTrue(e.retryable());
    assertEquals("HTTP_429", e.code());
    assertEquals(Duration.ofSeconds(2), e.retryAfter());
    assertTrue(adapter.submit(submission(prompt, 5)).startsWith(T2V + "|"));
  }

  @Test
  void serverErrorsOnRetrieveAreRetryable() throws Exception {
    String id = adapter.submit(submission("a cat [venice:5xx=2] [venice:never]", 5));
    for (int i = 0; i < 2; i++) {
      ProviderException e = assertThrows(ProviderException.class, () -> adapter.poll(id));
      assertTrue(e.retryable());
      assertEquals("HTTP_500", e.code());
      assertEquals("Internal server error", e.getMessage());
    }
    assertTrue(adapter.poll(id).phase() != JobState.Phase.FAILED);
  }

  @Test
  void timeoutsAndHintsOnlyInTheMessageAreHonoured() throws Exception {
    VeniceProviderAdapter stubbed = atStub();
    stubAnswers.put("/api/v1/video/queue", new StubAnswer(408, Map.of(), "{\"error\": \"Request timeout\"}"));
    ProviderException timeout = assertThrows(ProviderException.class, () -> stubbed.submit(submission("a cat", 5)));
    assertTrue(timeout.retryable());
    assertEquals("HTTP_408", timeout.code());
    assertNull(timeout.retryAfter());

    stubAnswers.put("/api/v1/video/retrieve", new StubAnswer(503, Map.of("Content-Type", "application/json"), "{\"error\": {\"message\": \"Overloaded, try again in 7 seconds\"}}"));
    ProviderException busy = assertThrows(ProviderException.class, () -> stubbed.poll(T2V + "|abc-123"));
    assertTrue(busy.retryable());
    assertEquals("HTTP_503", busy.code());
    assertEquals(Duration.ofSeconds(7), busy.retryAfter());
    assertEquals("Overloaded, try again in 7 seconds", busy.getMessage());

    stubAnswers.put("/api/v1/video/retrieve", new StubAnswer(429, Map.of("Retry-After", "11"), "{\"error\": \"Too many requests\"}"));
    ProviderException limited = assertThrows(ProviderException.class, () -> stubbed.poll(T2V + "|abc-123"));
    assertTrue(limited.retryable());
    assertEquals(Duration.ofSeconds(11), limited.retryAfter());
  }

  @Test
  void surprisingAnswersAreTransientAndAnEchoedImageIsNotRepeated() throws Exception {
    VeniceProviderAdapter stubbed = atStub();
    stubAnswers.put("/api/v1/video/retrieve", new StubAnswer(200, Map.of("Content-Type", "application/json"), "{\"status\": \"RENDERING_SOMEHOW\"}"));
    ProviderException unknown = assertThrows(ProviderException.class, () -> stubbed.poll(T2V + "|abc-123"));
    assertTrue(unknown.retryable());
    assertEquals("UNKNOWN_STATUS", unknown.code());

    stubAnswers.put("/api/v1/video/retrieve", new StubAnswer(200, Map.of("Content-Type", "text/html"), "<html>maintenance</html>"));
    ProviderException html = assertThrows(ProviderException.class, () -> stubbed.poll(T2V + "|abc-123"));
    assertTrue(html.retryable());
    assertEquals("BAD_RESPONSE", html.code());

    stubAnswers.put("/api/v1/video/queue", new StubAnswer(200, Map.of("Content-Type", "application/json"), "{\"status\": \"queued\"}"));
    ProviderException noId = assertThrows(ProviderException.class, () -> stubbed.submit(submission("a cat", 5)));
    assertFalse(noId.retryable(), "queueing again would pay for another job");
    assertEquals("BAD_RESPONSE", noId.code());

    stubAnswers.put("/api/v1/video/queue", new StubAnswer(400, Map.of(), "{\"error\": \"bad image_url: data:image/png;base64,iVBORw0KGgo=\"}"));
    ProviderException echoed = assertThrows(ProviderException.class, () -> stubbed.submit(submission("a cat", 5)));
    assertEquals("bad image_url: [data URI]", echoed.getMessage());
  }

  @Test
  void nothingIsSentForADurationVeniceCannotRenderOrAnIdWeDidNotMake() throws Exception {
    int before = jobCount();
    ProviderException duration = assertThrows(ProviderException.class, () -> adapter.submit(submission("a cat", 7)));
    assertEquals("UNSUPPORTED_DURATION", duration.code());
    assertFalse(duration.retryable());
    assertEquals(before, jobCount());
    for (String bad : List.of("no-separator", "|" + UUID.randomUUID(), T2V + "|", "a b|c", T2V + "|x|y", T2V + "|../etc")) {
      ProviderException e = assertThrows(ProviderException.class, () -> adapter.poll(bad), bad);
      assertEquals("BAD_JOB_ID", e.code(), bad);
      assertFalse(e.retryable());
    }
  }

  @Test
  void anUnreachableVeniceIsRetryable() throws Exception {
    VeniceProviderAdapter nowhere = at("http://127.0.0.1:" + freePort(), KEY);
    ProviderException e = assertThrows(ProviderException.class, () -> nowhere.poll(T2V + "|abc-123"));
    assertTrue(e.retryable());
    assertEquals("NETWORK", e.code());
  }

  @Test
  void neitherTheKeyNorImageDataNorTheSignedUrlIsLogged() throws Exception {
    Logger reelay = (Logger) LoggerFactory.getLogger("io.reelay");
    Level level = reelay.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    reelay.addAppender(logs);
    reelay.setLevel(Level.TRACE);
    try {
      Image firstFrame = new Image(true, "image/png", png(), URI.create("http://127.0.0.1:1/inputs/g/0.png?token=" + SIGNED_URL_TOKEN));
      String id = adapter.submit(new Submission("gen-log", I2V, spec("log me [venice:delay=0]", 5), null, List.of(firstFrame)));
      pollUntilTerminal(id);
      adapter.cancel(id);
      adapter.discardResult(id);
      assertThrows(ProviderException.class, () -> withKey("sk-logged-" + KEY).poll(id));
      assertThrows(ProviderException.class, () -> adapter.submit(new Submission("g", I2V, spec("a [venice:402]", 5), null, List.of(firstFrame))));
    } finally {
      reelay.detachAppender(logs);
      reelay.setLevel(level);
    }
    assertFalse(logs.list.isEmpty(), "the adapter logs something, or this test proves nothing");
    assertTrue(logs.list.stream().anyMatch(e -> e.getLoggerName().endsWith("VeniceProviderAdapter")));
    for (ILoggingEvent event : logs.list) {
      String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertFalse(line.contains(KEY), line);
      assertFalse(line.contains("base64,"), line);
      assertFalse(line.contains(SIGNED_URL_TOKEN), line);
    }
  }

  // ---- helpers

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static VideoSpec spec(String prompt, int seconds) {
    return new VideoSpec(prompt, null, seconds, "16:9", "720p", null, false);
  }

  private static Submission submission(String prompt, int seconds) {
    return new Submission("gen-" + UUID.randomUUID(), T2V, spec(prompt, seconds), null, List.of());
  }

  private static VeniceProviderAdapter withKey(String key) {
    return at("", key);
  }

  private static VeniceProviderAdapter atStub() {
    return at("http://127.0.0.1:" + stub.getAddress().getPort(), KEY);
  }

  /** The adapter bean of a context (no server) like the app's, with another base URL or key. */
  private static VeniceProviderAdapter at(String baseUrl, String key) {
    ApplicationContext context =
        otherAdapters.computeIfAbsent(
            baseUrl + " " + key,
            k -> {
              Map<String, Object> other = new HashMap<>(properties);
              other.put("reelay.providers.venice.base-url", baseUrl);
              other.put("reelay.providers.venice.api-key", key);
              other.put("reelay.emulators.venice.enabled", "false"); // the server's one serves
              return ApplicationContext.run(other);
            });
    return context.getBean(VeniceProviderAdapter.class);
  }

  private static List<JobState> pollUntilTerminal(String id) throws Exception {
    List<JobState> states = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      JobState state = adapter.poll(id);
      states.add(state);
      if (state.phase().terminal()) {
        return states;
      }
      Thread.sleep(150);
    }
    return fail("job " + id + " did not end: " + states);
  }

  private static JobState finalState(String id) throws Exception {
    List<JobState> states = pollUntilTerminal(id);
    return states.get(states.size() - 1);
  }

  private static String queueId(String providerJobId) {
    return providerJobId.substring(providerJobId.indexOf('|') + 1);
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

  /** The emulator's row of a job, straight from PostgreSQL. */
  private static Map<String, Object> row(String queueId) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM venice_emulator_jobs WHERE queue_id = ?")) {
      ps.setString(1, queueId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the emulator has no job " + queueId);
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    }
  }

  private static int jobCount() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM venice_emulator_jobs")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static byte[] png() throws IOException {
    return encode("png");
  }

  private static byte[] jpeg() throws IOException {
    return encode("jpg");
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
