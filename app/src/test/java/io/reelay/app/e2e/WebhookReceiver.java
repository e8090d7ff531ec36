package io.reelay.app.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A customer's webhook endpoint on loopback: records every request it gets (headers, raw body)
 * and answers the status a test scripts, by the request's number.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received, and what this receiver answered. */
  record Received(Map<String, String> headers, String body, int answered) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile IntUnaryOperator answer = n -> 204;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          int status = answer.applyAsInt(count.incrementAndGet());
          Map<String, String> headers = new TreeMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          headers.put(":path", exchange.getRequestURI().toString());
          received.add(new Received(headers, new String(body, StandardCharsets.UTF_8), status));
          byte[] reply = ("answer " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, status == 204 ? -1 : reply.length);
          if (status != 204) {
            exchange.getResponseBody().write(reply);
          }
          exchange.close();
        });
    server.start();
  }

  /** Answers {@code status(n)} to the n-th request (from 1). */
  void answer(IntUnaryOperator status) {
    this.answer = status;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Waits until at least {@code n} requests have arrived. */
  List<Received> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + n + " webhook requests within " + timeout + ", got " + received());
      }
      Thread.sleep(100);
    }
    return received();
  }

  /**
   * Verifies a received webhook with the {@code standardwebhooks} package from PyPI (installed
   * into .tools/ on first use), an implementation independent of ours. Answers its output.
   */
  static String verifyWithStandardWebhooks(String secret, Received request, Path workDir) throws Exception {
    Path library = PythonTools.install("standardwebhooks", "1.1.0", "standardwebhooks");
    Path script = Path.of(WebhookReceiver.class.getResource("/webhooks/verify_standard_webhook.py").toURI());
    Path input = Files.createTempFile(workDir, "webhook-", ".json");
    Files.writeString(
        input,
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(Map.of("secret", secret, "body", request.body(), "headers", request.headers())));
    ProcessBuilder python = new ProcessBuilder("python3", script.toString(), input.toString()).redirectErrorStream(true);
    python.environment().put("PYTHONPATH", library.toString());
    Process process = python.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor(1, TimeUnit.MINUTES);
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
