package io.reelay.activities.assets.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.reelay.activities.assets.images.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fetcher against a real HTTP server on 127.0.0.1. Only a fetcher that allow-lists
 * 127.0.0.1/32 may reach it; every other address in these tests must be refused before any
 * connection is tried, so nothing here sends traffic off loopback.
 */
class ImageFetcherTest {

  private static final int CAP = 64 * 1024;

  private static HttpServer server;
  private static ExecutorService handlers;
  private static String base;
  private static final AtomicInteger requests = new AtomicInteger();

  private static byte[] png;
  private static byte[] jpeg;
  private static byte[] webp;

  /** Default rules: loopback and private addresses are refused. */
  private final ImageFetcher defaults = new ImageFetcher(ImageFetchPolicy.defaults());

  /** May reach the loopback test server, with a small cap and short timeouts. */
  private final ImageFetcher loopback =
      new ImageFetcher(
          new ImageFetchPolicy(
              CAP, Duration.ofMillis(1000), Duration.ofMillis(1500), 3, List.of(), List.of("127.0.0.1/32")));

  @BeforeAll
  static void startServer() throws IOException {
    png = encode(new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB), "png");
    jpeg = encode(new BufferedImage(4, 5, BufferedImage.TYPE_INT_RGB), "jpg");
    webp = extendedWebp(6, 7);

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    handlers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "image-test-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(handlers);
    base = "http://127.0.0.1:" + server.getAddress().getPort();

    serve("/photo.png", ex -> send(ex, "image/png", png));
    // the type comes from the bytes, so a lying Content-Type changes nothing
    serve("/photo.jpg", ex -> send(ex, "application/octet-stream", jpeg));
    serve("/photo.webp", ex -> send(ex, "image/webp", webp));
    serve("/chunked.png", ex -> sendChunked(ex, png));
    serve("/notes.png", ex -> send(ex, "image/png", "just some text, not a picture".getBytes(StandardCharsets.UTF_8)));
    serve("/declared-huge.png", ex -> {
      ex.getResponseHeaders().set("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 1L << 30);
      ex.getResponseBody().flush();
      pause(5000); // a fetcher that tried to read this body would time out instead
    });
    serve("/streamed-huge.png", ex -> sendChunked(ex, padded(png, CAP + 1)));
    serve("/exactly-cap.png", ex -> send(ex, "image/png", padded(png, CAP)));
    serve("/slow.png", ex -> {
      pause(5000);
      send(ex, "image/png", png);
    });
    serve("/trickle.png", ex -> {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write(png, 0, 16);
      out.flush();
      for (int i = 0; i < 50; i++) { // one byte every 100 ms: each read is quick, the whole is not
        pause(100);
        out.write(0);
        out.flush();
      }
      out.close();
    });
    serve("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest"));
    serve("/to-private", ex -> redirect(ex, "http://10.0.0.1/image.png"));
    serve("/to-ipv6-loopback", ex -> redirect(ex, "http://[::1]:" + server.getAddress().getPort() + "/photo.png"));
    serve("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
    serve("/to-photo", ex -> redirect(ex, "/photo.png"));
    serve("/loop", ex -> redirect(ex, "/loop"));
    serve("/missing.png", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    handlers.shutdownNow();
  }

  // -- addresses ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://localhost/",
        "http://LOCALHOST./a.png",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.10/",
        "http://172.16.0.5/",
        "http://0.0.0.0/",
        "http://2130706433/", // 127.0.0.1 as one decimal number
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::]/",
        "https://10.0.0.1/image.png",
      })
  void nonPublicAddressesAreForbidden(String url) {
    assertRejected(Reason.FORBIDDEN_ADDRESS, () -> defaults.fetch(url));
  }

  @Test
  void loopbackIsRefusedBeforeAnyConnection() {
    int before = requests.get();
    int port = server.getAddress().getPort();
    assertRejected(Reason.FORBIDDEN_ADDRESS, () -> defaults.fetch("http://127.0.0.1:" + port + "/photo.png"));
    // a DNS name that resolves to loopback is refused like the address itself
    assertRejected(Reason.FORBIDDEN_ADDRESS, () -> defaults.fetch("http://localhost:" + port + "/photo.png"));
    assertEquals(before, requests.get(), "the server saw no request");
  }

  @Test
  void everyRedirectHopIsCheckedAgain() {
    int before = requests.get();
    assertRejected(Reason.FORBIDDEN_ADDRESS, () -> loopback.fetch(base + "/to-metadata"));
    assertRejected(Reason.FORBIDDEN_ADDRESS, () -> loopback.fetch(base + "/to-private"));
    // only 127.0.0.1/32 is allow-listed, not the rest of loopback
    assertRejected(Reason.FORBIDDEN_ADDRESS, () -> loopback.fetch(base + "/to-ipv6-loopback"));
    assertRejected(Reason.INVALID_URL, () -> loopback.fetch(base + "/to-file"));
    assertEquals(before + 4, requests.get(), "only the first hops reached the server");
  }

  @Test
  void redirectsAreFollowedUpToTheLimit() throws Exception {
    assertEquals("image/png", loopback.fetch(base + "/to-photo").mediaType());

    int before = requests.get();
    assertRejected(Reason.UNREACHABLE, () -> loopback.fetch(base + "/loop"));
    assertEquals(before + 4, requests.get(), "the first request and 3 redirects");
  }

  @Test
  void allowListedHostNamesSkipTheAddressRules() throws Exception {
    ImageFetcher byName =
        new ImageFetcher(
            new ImageFetchPolicy(CAP, Duration.ofSeconds(1), Duration.ofSeconds(2), 0, List.of("127.0.0.1"), List.of()));
    assertEquals("image/png", byName.fetch(base + "/photo.png").mediaType());
  }

  // -- URLs ------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/image.png",
        "file:///etc/passwd",
        "gopher://example.com/",
        "jar:file:/tmp/x.jar!/a.png",
        "//example.com/image.png",
        "http:///image.png",
        "http://user:secret@example.com/image.png",
        "http://exa mple.com/",
        "http://127.1/", // java.net.URI reads no host here: refused before any lookup
        "",
      })
  void onlyPlainHttpUrlsAreAccepted(String url) {
    assertRejected(Reason.INVALID_URL, () -> defaults.fetch(url));
  }

  // -- content ---------------------------------------------------------------------------------

  @Test
  void pngJpegAndWebpAreRecognisedByContent() throws Exception {
    FetchedImage fetchedPng = loopback.fetch(base + "/photo.png");
    assertEquals("image/png", fetchedPng.mediaType());
    assertArrayEquals(png, fetchedPng.bytes());
    assertEquals(3, fetchedPng.width());
    assertEquals(2, fetchedPng.height());

    FetchedImage fetchedJpeg = loopback.fetch(base + "/photo.jpg");
    assertEquals("image/jpeg", fetchedJpeg.mediaType());
    assertEquals(4, fetchedJpeg.width());
    assertEquals(5, fetchedJpeg.height());

    FetchedImage fetchedWebp = loopback.fetch(base + "/photo.webp");
    assertEquals("image/webp", fetchedWebp.mediaType());
    assertEquals(6, fetchedWebp.width());
    assertEquals(7, fetchedWebp.height());

    assertArrayEquals(png, loopback.fetch(base + "/chunked.png").bytes());
  }

  @Test
  void aTextFileNamedPngIsNotAnImage() {
    assertRejected(Reason.UNSUPPORTED_TYPE, () -> loopback.fetch(base + "/notes.png"));
  }

  @Test
  void bodiesOverTheCapAreRefused() throws Exception {
    long start = System.nanoTime();
    assertRejected(Reason.TOO_LARGE, () -> loopback.fetch(base + "/declared-huge.png"));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000, "refused on the header alone");

    assertRejected(Reason.TOO_LARGE, () -> loopback.fetch(base + "/streamed-huge.png"));
    assertEquals(CAP, loopback.fetch(base + "/exactly-cap.png").bytes().length);
  }

  @Test
  void slowServersTimeOut() {
    long start = System.nanoTime();
    assertRejected(Reason.TIMEOUT, () -> loopback.fetch(base + "/slow.png"));
    assertRejected(Reason.TIMEOUT, () -> loopback.fetch(base + "/trickle.png"));
    long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(elapsed < 4500, "two 1.5 s budgets took " + elapsed + " ms");
  }

  @Test
  void errorAnswersAndClosedPortsAreUnreachable() throws Exception {
    assertRejected(Reason.UNREACHABLE, () -> loopback.fetch(base + "/missing.png"));
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    assertRejected(Reason.UNREACHABLE, () -> loopback.fetch("http://127.0.0.1:" + closedPort + "/x.png"));
  }

  @Test
  void httpsHandshakeFailuresAreUnreachable() throws Exception {
    // a server that answers a TLS ClientHello in plain text, as a misconfigured host would
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                try (Socket s = plain.accept()) {
                  s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                  // the test fails on its own assertion if this goes wrong
                }
              });
      answer.setDaemon(true);
      answer.start();
      assertRejected(Reason.UNREACHABLE, () -> loopback.fetch("https://127.0.0.1:" + plain.getLocalPort() + "/a.png"));
    }
  }

  // -- data: URIs ------------------------------------------------------------------------------

  @Test
  void dataUrisAreDecodedAndSniffed() throws Exception {
    FetchedImage image = defaults.fromDataUri("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    assertEquals("image/png", image.mediaType());
    assertArrayEquals(png, image.bytes());
    assertEquals(3, image.width());

    // the declared type is only a claim; line breaks in the payload are tolerated
    String wrapped = Base64.getMimeEncoder().encodeToString(jpeg);
    assertEquals("image/jpeg", defaults.fromDataUri("DATA:image/png;base64," + wrapped).mediaType());
    assertEquals("image/webp", defaults.fromDataUri("data:;base64," + Base64.getEncoder().encodeToString(webp)).mediaType());
  }

  @Test
  void badDataUrisAreRefused() {
    assertRejected(Reason.UNSUPPORTED_TYPE, () -> defaults.fromDataUri("data:image/png;base64,aGVsbG8gd29ybGQgaGVsbG8="));
    assertRejected(Reason.UNSUPPORTED_TYPE, () -> defaults.fromDataUri("data:image/png;base64,"));
    assertRejected(Reason.INVALID_URL, () -> defaults.fromDataUri("data:image/png,not-base64"));
    assertRejected(Reason.INVALID_URL, () -> defaults.fromDataUri("data:image/png;base64,@@@@"));
    assertRejected(Reason.INVALID_URL, () -> defaults.fromDataUri("https://example.com/a.png"));
    assertRejected(Reason.INVALID_URL, () -> defaults.fromDataUri(null));
    String big = Base64.getEncoder().encodeToString(padded(png, CAP + 1));
    assertRejected(Reason.TOO_LARGE, () -> loopback.fromDataUri("data:image/png;base64," + big));
  }

  @Test
  void tooLargeAnswers413AndTheRest400() {
    assertEquals(413, new ImageRejectedException(Reason.TOO_LARGE, "x").httpStatus());
    assertEquals(400, new ImageRejectedException(Reason.FORBIDDEN_ADDRESS, "x").httpStatus());
  }

  // -- helpers ---------------------------------------------------------------------------------

  private interface Call {
    void run() throws ImageRejectedException;
  }

  private static void assertRejected(Reason expected, Call call) {
    ImageRejectedException e = assertThrows(ImageRejectedException.class, call::run);
    assertEquals(expected, e.reason(), e.getMessage());
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
  }

  private static void serve(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      requests.incrementAndGet();
      try {
        handler.handle(exchange);
      } catch (IOException e) {
        // the fetcher hung up on purpose (cap, timeout)
      } finally {
        exchange.close();
      }
    });
  }

  private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void sendChunked(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "image/png");
    exchange.sendResponseHeaders(200, 0); // no length: chunked
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < body.length; i += 1000) {
      out.write(body, i, Math.min(1000, body.length - i));
    }
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return out.toByteArray();
  }

  /** A valid image's bytes followed by zeros up to {@code size}: still sniffs as that image. */
  private static byte[] padded(byte[] image, int size) {
    return Arrays.copyOf(image, size);
  }

  /** The RIFF/WEBP container with a VP8X header: enough to sniff and to read the canvas size. */
  static byte[] extendedWebp(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).putInt(0);
    putLe24(b, width - 1);
    putLe24(b, height - 1);
    return b.array();
  }

  private static void putLe24(ByteBuffer b, int value) {
    b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
  }
}
