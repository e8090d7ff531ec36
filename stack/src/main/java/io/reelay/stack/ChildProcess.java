package io.reelay.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server of the stack as an OS process: the same command line every time it is started, its
 * output appended to one log file, stopped politely (SIGTERM) or killed (SIGKILL).
 */
final class ChildProcess {

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;
  private long logOffset;

  ChildProcess(String name, List<String> command, Map<String, String> environment, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  synchronized void start() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    Files.writeString(
        log,
        "=== " + Instant.now() + " starting " + name + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    logOffset = Files.size(log);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    process = builder.start();
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    if (!isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.pid();
  }

  /** SIGKILL: no shutdown hooks, no cleanup — a crash. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
  synchronized void stop(Duration grace) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** Fails when the process has exited, naming its log. */
  void checkAlive() {
    if (!isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; last lines of " + log + ":\n" + tail(20));
    }
  }

  /** Whether what it wrote since its last start contains {@code text}. */
  boolean loggedSinceStart(String text) throws IOException {
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(logOffset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text);
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** How a command run to its end ({@link #runToEnd}) ended. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * Runs a short command (a CLI call, a schema tool) to its end and answers its exit code and
   * output; the output is also appended to {@code log} unless that is null. Killed after
   * {@code timeout}.
   */
  static Result runToEnd(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    Path output = Files.createTempFile("reelay-command", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
      String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
      if (log != null) {
        Files.writeString(
            log,
            "=== " + Instant.now() + " " + String.join(" ", command) + " (exit " + process.exitValue() + ")\n" + text,
            StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      }
      return new Result(process.exitValue(), text);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }
}
