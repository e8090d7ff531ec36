package io.reelay.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium}, or {@code REELAY_CHROMIUM}) driven over the Chrome
 * DevTools Protocol with the JDK's own WebSocket client: enough to open a page, wait until text
 * shows, click by visible text and take a screenshot. No browser download, no driver, no extra
 * dependency.
 *
 * <p>One WebSocket to the browser carries everything: each page is attached in flat mode, so its
 * commands are the browser connection's messages with a {@code sessionId}.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path workDir;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path workDir, Path profile, WebSocket socket, Listener listener) {
    this.process = process;
    this.workDir = workDir;
    this.profile = profile;
    this.socket = socket;
    listener.owner = this;
  }

  /**
   * Starts the browser with a fresh profile under {@code workDir}; its log goes to
   * {@code workDir/chromium.log}, and a screenshot of every failed wait beside it.
   *
   * @throws IllegalStateException when no Chromium is installed, saying how to get one
   */
  public static HeadlessChromium launch(Path workDir) throws IOException, InterruptedException {
    String binary = binary();
    Files.createDirectories(workDir);
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    Path log = workDir.resolve("chromium.log");
    Process process =
        new ProcessBuilder(
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                // a test browser talks to loopback only: no sync, updates, field trials or pings
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            // to a file, not a pipe: Chromium keeps writing to stderr, and a full pipe would block it
            .redirectError(log.toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    try {
      URI endpoint = awaitDevToolsUrl(process, log);
      Listener listener = new Listener();
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(endpoint, listener)
              .get(30, TimeUnit.SECONDS);
      return new HeadlessChromium(process, workDir, profile, socket, listener);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      process.destroyForcibly();
      throw new IllegalStateException("could not connect to Chromium's DevTools; see " + log, e);
    }
  }

  /** The Chromium to run: {@code REELAY_CHROMIUM}, else {@code chromium} on the PATH. */
  static String binary() {
    String configured = System.getenv("REELAY_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      if (new File(configured).canExecute()) {
        return configured;
      }
      throw new IllegalStateException("REELAY_CHROMIUM=" + configured + " is not an executable file");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(
        "Chromium was not found, and the Temporal UI browser tests need it: install Debian's"
            + " chromium package (./reelay test installs it; or apt-get install chromium), or set"
            + " REELAY_CHROMIUM to a Chromium or Chrome binary");
  }

  private static URI awaitDevToolsUrl(Process process, Path log) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(log)) {
        Matcher m = DEVTOOLS_URL.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        if (m.find()) {
          return URI.create(m.group(1));
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + "; see " + log);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Chromium did not print its DevTools address within 30 s; see " + log);
  }

  /** Opens a new tab with the given viewport (CSS pixels, scale 1). */
  public Page newPage(int width, int height) {
    String targetId = send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
    String session =
        send(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true)).get("sessionId").asText();
    Page page = new Page(targetId, session, width, height);
    page.command("Page.enable", Map.of());
    page.command("Runtime.enable", Map.of());
    page.resize(height);
    return page;
  }

  private JsonNode send(String session, String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      synchronized (socket) {
        socket.sendText(message.toString(), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      JsonNode response = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (response.has("error")) {
        throw new IllegalStateException(method + " failed: " + response.get("error"));
      }
      return response.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " was interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " got no answer from Chromium", e);
    } finally {
      pending.remove(id);
    }
  }

  private void received(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
        if (answer != null) {
          answer.complete(message);
        }
      }
      // events (no id) are not needed: waiting is done by polling the page's text
    } catch (IOException e) {
      // a malformed message cannot be matched to a command; that command times out and says so
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      send(null, "Browser.close", Map.of());
    } catch (RuntimeException alreadyGone) {
      // fall through to killing it
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    socket.abort();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Gathers a message's frames; CDP answers (screenshots especially) span many. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private volatile HeadlessChromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        owner.received(message);
      }
      webSocket.request(1);
      return null;
    }
  }

  /** One tab. */
  public final class Page {
    private final String targetId;
    private final String session;
    private final int width;
    private final int height;

    private Page(String targetId, String session, int width, int height) {
      this.targetId = targetId;
      this.session = session;
      this.width = width;
      this.height = height;
    }

    private void resize(int viewportHeight) {
      command(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", viewportHeight, "deviceScaleFactor", 1, "mobile", false));
    }

    JsonNode command(String method, Map<String, ?> params) {
      return send(session, method, params);
    }

    /** Starts loading {@code url}; use {@link #awaitText} to wait for what should show. */
    public void navigate(String url) {
      JsonNode result = command("Page.navigate", Map.of("url", url));
      if (result.hasNonNull("errorText")) {
        throw new IllegalStateException("could not open " + url + ": " + result.get("errorText").asText());
      }
    }

    /** Evaluates a JavaScript expression in the page and answers its value as JSON. */
    public JsonNode evaluate(String expression) {
      JsonNode result =
          command(
              "Runtime.evaluate",
              Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
      if (result.has("exceptionDetails")) {
        throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
      }
      return result.path("result").path("value");
    }

    /**
     * What a reader sees: the body's rendered text, then that of each same-origin frame (the
     * Temporal UI renders summaries and details in such frames). Empty while the page has none.
     */
    public String text() {
      return evaluate(
              """
              (() => {
                const parts = [document.body ? document.body.innerText : ''];
                for (const frame of document.querySelectorAll('iframe')) {
                  try {
                    const body = frame.contentDocument && frame.contentDocument.body;
                    if (body) parts.push(body.innerText);
                  } catch (crossOrigin) {}
                }
                return parts.join('\\n');
              })()
              """)
          .asText("");
    }

    /** The address the page is at now (single-page apps change it without navigating). */
    public String location() {
      return evaluate("location.href").asText();
    }

    /**
     * Polls the page's text until every one of {@code expected} is in it, and answers that text.
     *
     * @throws AssertionError after {@code timeout}, naming what is missing and what the page showed
     */
    public String awaitText(Duration timeout, String... expected) throws InterruptedException {
      return awaitText(
          timeout,
          "text " + List.of(expected),
          text -> Stream.of(expected).allMatch(text::contains),
          text -> Stream.of(expected).filter(e -> !text.contains(e)).toList().toString());
    }

    /**
     * Polls the page's text until {@code condition} holds.
     *
     * @param missing describes, from the last text, what is still missing (for the failure)
     */
    public String awaitText(
        Duration timeout,
        String what,
        Predicate<String> condition,
        Function<String, String> missing)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      String text = "";
      while (true) {
        try {
          text = text();
        } catch (IllegalStateException navigating) {
          // the context is being replaced mid-navigation: ask again
        }
        if (condition.test(text)) {
          return text;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "after " + timeout.toSeconds() + " s, " + location() + " did not show " + what
                  + "; missing " + missing.apply(text) + failureScreenshot() + ". The page showed:\n" + text);
        }
        Thread.sleep(250);
      }
    }

    /**
     * Clicks the first button, link or tab whose visible text is exactly {@code label}; answers
     * false when there is none (yet).
     */
    public boolean click(String label) {
      String script =
          """
          (() => {
            const label = %s;
            const candidates = [...document.querySelectorAll('a, button, [role="tab"], [role="button"], summary')];
            const target = candidates.find(e => e.innerText && e.innerText.trim().split('\\n')[0].trim() === label);
            if (!target) return false;
            target.scrollIntoView();
            target.click();
            return true;
          })()
          """
              .formatted(quoted(label));
      return evaluate(script).asBoolean();
    }

    /** Clicks like {@link #click}, waiting up to {@code timeout} for the element to show. */
    public void clickWhenShown(String label, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!click(label)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "after " + timeout.toSeconds() + " s, " + location() + " has nothing labelled '" + label
                  + "' to click" + failureScreenshot() + ". The page showed:\n" + text());
        }
        Thread.sleep(250);
      }
    }

    private String failureScreenshot() {
      try {
        return " (screenshot: " + screenshot(workDir.resolve("failed-wait-" + System.currentTimeMillis() + ".png")) + ")";
      } catch (IOException | RuntimeException e) {
        return " (no screenshot: " + e + ")";
      }
    }

    /** Saves what the viewport shows as a PNG. */
    public Path screenshot(Path png) throws IOException {
      String data = command("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode(data));
      return png;
    }

    /**
     * Saves the whole page, not just the viewport, as a PNG: the viewport is stretched by what its
     * main scrolling area hides (the document, or the tallest scrolling element, as in the
     * Temporal UI), so the page lays out as in a tall window; then it is restored.
     */
    public Path screenshotFullPage(Path png) throws IOException, InterruptedException {
      int hidden =
          evaluate(
                  """
                  (() => {
                    const scrollers = [document.scrollingElement, ...document.querySelectorAll('*')].filter(e =>
                        e && e.scrollHeight > e.clientHeight + 1
                          && (e === document.scrollingElement || /(auto|scroll)/.test(getComputedStyle(e).overflowY)));
                    scrollers.sort((a, b) => b.clientHeight - a.clientHeight);
                    return scrollers.length ? Math.ceil(scrollers[0].scrollHeight - scrollers[0].clientHeight) : 0;
                  })()
                  """)
              .asInt(0);
      resize(height + hidden);
      try {
        Thread.sleep(500); // let the page lay out at its new size
        return screenshot(png);
      } finally {
        resize(height);
      }
    }

    public void close() {
      send(null, "Target.closeTarget", Map.of("targetId", targetId));
    }
  }

  private static String quoted(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
