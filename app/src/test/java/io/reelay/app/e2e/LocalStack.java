package io.reelay.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * The real stack on loopback for end-to-end tests, started by the harness's launcher ({@link
 * ReelayStack}): the Temporal CLI dev server (with its Web UI on {@link #uiPort}), PostgreSQL (a
 * real server) and the Reelay app as its own JVM, run from this test JVM's classpath (so the
 * emulators are on it), so a test can SIGKILL the worker and start it again. What this class adds
 * are the tests' conveniences: requests with a key, accounts, waiting for a status.
 */
final class LocalStack implements AutoCloseable {

  static final String ADMIN_TOKEN = "adm_e2e_" + Long.toHexString(System.nanoTime());
  /** The simulated provider's key: the app has no built-in one. */
  static final String SIM_API_KEY = "sim_e2e_" + java.util.UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path workDir;
  /** The dev server's Temporal Web UI: http://127.0.0.1:{uiPort}/ */
  final int uiPort;
  final int appPort;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ReelayStack stack;
  private int appStarts = 1;

  private LocalStack(ReelayStack stack) {
    this.stack = stack;
    this.workDir = stack.workDir();
    this.uiPort = stack.temporalUiPort();
    this.appPort = stack.app().port();
  }

  static LocalStack start(Map<String, String> extraEnvironment) throws Exception {
    Path root = StackOptions.projectRoot();
    StackOptions options =
        StackOptions.in(root.resolve("app/target/e2e-" + System.currentTimeMillis()))
            .withClasspath(System.getProperty("java.class.path"))
            .withAppEnvironment(Map.of("REELAY_ADMIN_TOKEN", ADMIN_TOKEN, "REELAY_SIM_API_KEY", SIM_API_KEY))
            .withAppEnvironment(extraEnvironment);
    return new LocalStack(ReelayStack.start(options));
  }

  /** Starts the app JVM (API + worker) again and waits until /health says both dependencies are up. */
  void startApp() throws Exception {
    startApp(Map.of());
  }

  /** Starts the app with extra environment, e.g. REELAY_ROLES=api for an API-only process. */
  void startApp(Map<String, String> overrides) throws Exception {
    appStarts++;
    stack.startApp(overrides);
  }

  /**
   * Another app process against the same PostgreSQL and Temporal (e.g. a second API instance),
   * on {@code port}; it stops with the stack.
   */
  void startExtraApp(int port, Map<String, String> overrides) throws Exception {
    stack.addApp("app-" + port, port, overrides);
  }

  /** A connection to the stack's PostgreSQL, to look at what the app stored. */
  Connection database() throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
  }

  /** The door the generations table records for a generation (read straight from PostgreSQL). */
  String recordedDoor(String generationId) throws SQLException {
    try (Connection c = database();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT door FROM generations WHERE id = ?")) {
      ps.setObject(1, java.util.UUID.fromString(generationId));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("generation " + generationId + " is not in the read model");
        }
        return rs.getString(1);
      }
    }
  }

  /** A Temporal client of this stack's dev server, as an operator would use. */
  io.temporal.client.WorkflowClient temporalClient() {
    return io.temporal.client.WorkflowClient.newInstance(
        io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
            io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                .setTarget(stack.temporalTarget())
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
    stack.killApp();
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

  @Override
  public void close() throws Exception {
    stack.close();
  }
}
