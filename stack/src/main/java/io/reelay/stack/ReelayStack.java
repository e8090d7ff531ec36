package io.reelay.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real local stack, each server its own OS process, so a harness can SIGKILL or restart any
 * of them while a workload runs: the Temporal CLI's dev server (persisted to a SQLite file, so a
 * restart keeps every workflow), or with {@link StackOptions#withEngine} the real Temporal server
 * (persisted in the stack's PostgreSQL, see {@link TemporalServer}); PostgreSQL (zonky's real
 * server, started by the app's {@code EmbeddedPostgresMain} as {@code ./reelay up} does, on a data
 * directory that outlives a restart) and one or more app JVMs (API and worker). Everything listens on 127.0.0.1, on ports of
 * its own (so a running {@code ./reelay up} is never disturbed), and logs to {@code <workDir>/logs}.
 *
 * <pre>{@code
 * try (ReelayStack stack = ReelayStack.start(StackOptions.in(dir).withAppEnvironment(Map.of("REELAY_SIM_DELAY_SECONDS", "0")))) {
 *   ReelayStack.Account account = stack.newAccount("bench", "100.00");
 *   stack.killApp();       // SIGKILL
 *   stack.startApp();      // and back, healthy
 *   stack.restartPostgres();
 * }
 * }</pre>
 */
public final class ReelayStack implements AutoCloseable {

  /** An account made through the admin API, and its first API key. */
  public record Account(String accountId, String apiKey) {}

  private static final List<String> SEARCH_ATTRIBUTES =
      List.of("ReelayAccount", "ReelayModel", "ReelayProvider", "ReelayStatus", "ReelayDoor");
  private static final Duration STOP_GRACE = Duration.ofSeconds(45);

  private final StackOptions options;
  private final Path workDir;
  private final String adminToken;
  private final String simulatorKey;
  private final String temporalCli;
  private final int temporalPort;
  private final int temporalUiPort;
  /** The engine's Prometheus endpoint (either engine serves one). */
  private final int temporalMetricsPort;
  private final int postgresPort;
  /** The real server's configuration and tools; null on the dev server. */
  private final TemporalServer server;
  private final ChildProcess temporal;
  private final ChildProcess postgres;
  private final List<App> apps = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = new Thread(this::destroyNow, "reelay-stack-shutdown");

  private ReelayStack(StackOptions options) throws IOException {
    this.options = options;
    this.workDir = Files.createDirectories(options.workDir().toAbsolutePath());
    Path logs = Files.createDirectories(workDir.resolve("logs"));
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    this.adminToken = "adm_harness_" + HexFormat.of().formatHex(secret);
    new SecureRandom().nextBytes(secret);
    this.simulatorKey = "sim_harness_" + HexFormat.of().formatHex(secret);
    this.temporalCli = options.temporalCli();
    this.temporalPort = Ports.free();
    this.temporalUiPort = Ports.free();
    this.temporalMetricsPort = Ports.free();
    this.postgresPort = Ports.free();

    if (options.engine() == TemporalEngine.SERVER) {
      this.server =
          new TemporalServer(
              options.temporalServerDir(), workDir.resolve("temporal-server"), logs.resolve("temporal.log"),
              temporalPort, temporalMetricsPort);
      this.temporal = new ChildProcess("temporal", server.command(), Map.of(), logs.resolve("temporal.log"));
    } else {
      this.server = null;
      this.temporal = new ChildProcess("temporal", devServerCommand(), Map.of(), logs.resolve("temporal.log"));
    }

    Path binaries = Files.createDirectories(options.root().resolve(".tools/postgres-binaries"));
    this.postgres =
        new ChildProcess(
            "postgres",
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                options.appClasspath(),
                "io.reelay.app.dev.EmbeddedPostgresMain",
                workDir.resolve("postgres").toString(),
                String.valueOf(postgresPort),
                binaries.toString()),
            Map.of(),
            logs.resolve("postgres.log"));
  }

  private List<String> devServerCommand() throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                temporalCli, "server", "start-dev",
                "--ip", "127.0.0.1",
                "--port", String.valueOf(temporalPort),
                "--ui-port", String.valueOf(temporalUiPort),
                "--ui-disable-news-fetch",
                "--http-port", String.valueOf(Ports.free()),
                "--metrics-port", String.valueOf(temporalMetricsPort),
                "--db-filename", workDir.resolve("temporal.db").toString(),
                "--log-level", "warn"));
    command.addAll(options.temporalOptions());
    for (String attribute : SEARCH_ATTRIBUTES) {
      command.add("--search-attribute");
      command.add(attribute + "=Keyword");
    }
    return command;
  }

  /**
   * Starts Temporal and PostgreSQL (side by side; the real server after PostgreSQL, which holds
   * its databases), then the app, and answers once the app's /health is 200. On failure whatever
   * was started is stopped again.
   */
  public static ReelayStack start(StackOptions options) throws Exception {
    ReelayStack stack = new ReelayStack(options);
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      if (stack.server == null) {
        stack.temporal.start();
        stack.postgres.start();
        stack.awaitTemporal();
        stack.awaitPostgres();
      } else {
        stack.postgres.start();
        stack.awaitPostgres();
        stack.server.prepare(stack.postgresPort, options.temporalOptions());
        stack.temporal.start();
        stack.awaitTemporal();
      }
      stack.apps.add(stack.new App("app", Ports.free(), Map.of(), List.of()));
      stack.app().start();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  /** One app JVM of the stack: same Temporal, same PostgreSQL, a port of its own. */
  public final class App {
    private final int port;
    private final ChildProcess process;
    private final ReelayClient client;

    private App(String name, int port, Map<String, String> overrides, List<String> launcher) throws IOException {
      this.port = port;
      this.client = new ReelayClient("http://127.0.0.1:" + port);
      Map<String, String> environment = new HashMap<>();
      environment.put("REELAY_DATABASE_URL", jdbcUrl());
      environment.put("REELAY_TEMPORAL_ADDRESS", temporalTarget());
      environment.put("REELAY_DATA_DIR", workDir.resolve("data").toString());
      environment.put("REELAY_ADMIN_TOKEN", adminToken);
      // the simulated provider is off unless enabled, and has no built-in key
      environment.put("REELAY_SIMULATOR_ENABLED", "true");
      environment.put("REELAY_SIM_API_KEY", simulatorKey);
      environment.putAll(options.appEnvironment());
      environment.putAll(overrides);
      environment.put("REELAY_PORT", String.valueOf(port));
      List<String> command = new ArrayList<>(launcher);
      command.add(options.java());
      command.addAll(options.appJvmOptions());
      command.addAll(List.of("-cp", options.appClasspath(), "io.reelay.app.ReelayApplication"));
      this.process = new ChildProcess(name, command, environment, workDir.resolve("logs").resolve(name + ".log"));
    }

    /** Starts the JVM and waits until /health answers 200 (PostgreSQL and Temporal reachable). */
    public void start() throws Exception {
      process.start();
      awaitOk(process, client, "/health", Duration.ofMinutes(3), process.name() + " did not become healthy");
    }

    /** SIGKILL: no shutdown hooks, no graceful worker stop — a crash. */
    public void kill() throws InterruptedException {
      process.kill();
    }

    /** SIGTERM: the app shuts down gracefully (SIGKILL after 45 s: the default 30 s grace, then a worker's hand-back). */
    public void stop() throws InterruptedException {
      process.stop(STOP_GRACE);
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** The JVM's process id, e.g. to read its RSS or thread count from /proc. */
    public long pid() {
      return process.pid();
    }

    public int port() {
      return port;
    }

    public String baseUrl() {
      return client.baseUrl();
    }

    public ReelayClient client() {
      return client;
    }

    public Path log() {
      return process.log();
    }
  }

  /** The first app JVM, started by {@link #start}. */
  public App app() {
    return apps.get(0);
  }

  /**
   * Starts another app JVM against the same Temporal and PostgreSQL, e.g. with
   * {@code REELAY_ROLES=worker}; its log is {@code logs/<name>.log}. {@link #close} stops it.
   */
  public App addApp(String name, Map<String, String> environment) throws Exception {
    return addApp(name, Ports.free(), environment);
  }

  /** {@link #addApp(String, Map)} on a port chosen by the caller (e.g. from {@link Ports#free}). */
  public App addApp(String name, int port, Map<String, String> environment) throws Exception {
    return addApp(name, port, environment, List.of());
  }

  /**
   * {@link #addApp(String, int, Map)} with the JVM started through {@code launcher}, a command
   * that runs the rest of its command line, e.g. {@code nice -n 10} for a lower CPU priority (it
   * execs, so {@link App#pid} is still the JVM's).
   */
  public App addApp(String name, int port, Map<String, String> environment, List<String> launcher) throws Exception {
    App app = new App(name, port, environment, launcher);
    apps.add(app);
    app.start();
    return app;
  }

  /** SIGKILL of the first app JVM. */
  public void killApp() throws InterruptedException {
    app().kill();
  }

  /** Starts the first app JVM again (after {@link #killApp}) and waits until it is healthy. */
  public void startApp() throws Exception {
    app().start();
  }

  /**
   * Starts the first app JVM again (after {@link #killApp}) with environment of its own on top of
   * the stack's, e.g. {@code REELAY_ROLES=api}; on the same port and log.
   */
  public void startApp(Map<String, String> overrides) throws Exception {
    apps.set(0, new App("app", app().port(), overrides, List.of()));
    app().start();
  }

  public long appPid() {
    return app().pid();
  }

  /**
   * Stops Temporal (SIGTERM) and starts it again on the same ports and state (the dev server's
   * SQLite file, the real server's databases).
   */
  public void restartTemporal() throws Exception {
    restartTemporal(Duration.ZERO);
  }

  /** {@link #restartTemporal()}, staying down for {@code downtime} in between. */
  public void restartTemporal(Duration downtime) throws Exception {
    temporal.stop(STOP_GRACE);
    Thread.sleep(downtime.toMillis());
    temporal.start();
    awaitTemporal();
  }

  /** Stops PostgreSQL gracefully and starts it again on the same port and data directory. */
  public void restartPostgres() throws Exception {
    restartPostgres(Duration.ZERO);
  }

  /** {@link #restartPostgres()}, staying down for {@code downtime} in between. */
  public void restartPostgres(Duration downtime) throws Exception {
    stopPostgres();
    Thread.sleep(downtime.toMillis());
    postgres.start();
    awaitPostgres();
  }

  /** Creates an account holding {@code creditsUsd} (e.g. "100.00") through the admin API. */
  public Account newAccount(String name, String creditsUsd) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client().post("/admin/v1/accounts", adminToken, Map.of("name", name, "credits_usd", creditsUsd), Map.of());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("creating account " + name + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode account = ReelayClient.json(response);
    return new Account(account.get("account_id").asText(), account.get("api_key").asText());
  }

  /** A client of the first app JVM. */
  public ReelayClient client() {
    return app().client();
  }

  public String baseUrl() {
    return app().baseUrl();
  }

  public String adminToken() {
    return adminToken;
  }

  /** host:port of Temporal's gRPC frontend, for a Temporal client (namespace {@code default}). */
  public String temporalTarget() {
    return "127.0.0.1:" + temporalPort;
  }

  /**
   * The engine's own metrics in Prometheus's text format (the dev server's {@code --metrics-port},
   * the real server's {@code global.metrics.prometheus}): where a request's time went inside
   * Temporal, e.g. {@code semaphore_latency}, a history shard's write queue.
   */
  public URI temporalMetrics() {
    return URI.create("http://127.0.0.1:" + temporalMetricsPort + "/metrics");
  }

  /** Which Temporal this stack runs. */
  public TemporalEngine engine() {
    return options.engine();
  }

  /**
   * The dev server's Web UI: http://127.0.0.1:{port}/
   *
   * @throws IllegalStateException on the real server, which has no Web UI (it is a server of its own)
   */
  public int temporalUiPort() {
    if (server != null) {
      throw new IllegalStateException("the real Temporal server (TemporalEngine.SERVER) serves no Web UI: only the dev server does");
    }
    return temporalUiPort;
  }

  /** JDBC URL of the stack's PostgreSQL (user and password: postgres). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
  }

  public Path workDir() {
    return workDir;
  }

  /** Stops every app JVM, then PostgreSQL and Temporal, each gracefully. */
  @Override
  public void close() throws Exception {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it does the same
    }
    for (App app : apps) {
      app.stop();
    }
    // Temporal first: the real server keeps its state in PostgreSQL
    temporal.stop(STOP_GRACE);
    stopPostgres();
  }

  /**
   * Deletes what a closed stack kept in its work dir (Temporal's SQLite file, PostgreSQL's data,
   * stored videos, a {@link SeaweedFs} started in {@code <workDir>/seaweedfs}), leaving its logs: a bench run with 10,000 generations leaves gigabytes.
   *
   * @return the bytes freed
   */
  public static long discardState(Path workDir) throws IOException {
    long freed = 0;
    if (!Files.isDirectory(workDir)) {
      return 0;
    }
    try (var entries = Files.list(workDir)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.startsWith("temporal.db") || name.equals("postgres") || name.equals("data")
            || name.equals("seaweedfs")) {
          freed += deleteTree(entry);
        }
      }
    }
    return freed;
  }

  private static long deleteTree(Path root) throws IOException {
    long freed = 0;
    try (var paths = Files.walk(root)) {
      // children before their directory
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          freed += Files.size(path);
        }
        Files.delete(path);
      }
    }
    return freed;
  }

  /** On JVM exit without close(): never leave servers behind. */
  private void destroyNow() {
    try {
      for (App app : apps) {
        app.kill();
      }
      temporal.stop(Duration.ofSeconds(5));
      stopPostgres();
    } catch (Exception e) {
      System.err.println("stopping the stack failed: " + e);
    }
  }

  /**
   * SIGTERM to the launcher, whose shutdown hook stops PostgreSQL (a fast shutdown). If the
   * server outlived its launcher (one SIGKILLed, say), it is asked directly with SIGINT, the
   * same fast shutdown; only if that fails is it killed.
   */
  private void stopPostgres() throws Exception {
    postgres.stop(STOP_GRACE);
    Path pidFile = workDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
    } catch (IOException | RuntimeException gone) {
      return;
    }
    var server = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (server.isEmpty()) {
      return;
    }
    new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor();
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    while (server.get().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (server.get().isAlive()) {
      server.get().destroyForcibly();
    }
  }

  /**
   * Waits until Temporal's frontend is healthy, then until what the app needs is there: the dev
   * server's Web UI (the browser tests use it); on the real server the namespace and Reelay's
   * search attributes (registered on the first start, checked on a restart).
   */
  private void awaitTemporal() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!ChildProcess.runToEnd(List.of(temporalCli, "operator", "cluster", "health", "--address", temporalTarget()), null, Duration.ofSeconds(30)).succeeded()) {
      temporal.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Temporal did not come up; see " + temporal.log());
      }
      Thread.sleep(250);
    }
    if (server == null) {
      // the dev server's Web UI answers a moment after its frontend
      ReelayClient ui = new ReelayClient("http://127.0.0.1:" + temporalUiPort);
      awaitOk(temporal, ui, "/", Duration.ofSeconds(30), "the Temporal Web UI did not come up on port " + temporalUiPort);
    } else {
      server.registerNamespace(temporalCli, SEARCH_ATTRIBUTES, Duration.ofSeconds(60));
    }
  }

  /** Polls {@code path} until it answers 200, as long as the process serving it lives. */
  private static void awaitOk(ChildProcess process, ReelayClient client, String path, Duration timeout, String failure)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      process.checkAlive();
      try {
        if (client.get(path, null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(failure + "; see " + process.log());
  }

  private void awaitPostgres() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      postgres.checkAlive();
      if (postgres.loggedSinceStart("PostgreSQL ready")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("PostgreSQL did not come up; see " + postgres.log());
  }
}
