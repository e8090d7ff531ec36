package io.reelay.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The baseline's worker as its own JVM: the same java and JVM options as the app's. */
final class BareWorkerProcess implements AutoCloseable {

  private final Process process;

  private BareWorkerProcess(Process process) {
    this.process = process;
  }

  static BareWorkerProcess start(String temporalTarget, BenchRun.BenchOptions options, Path workDir)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(options.java());
    command.addAll(options.appJvmOptions());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareWorker.class.getName(), temporalTarget));
    Path log = Files.createDirectories(workDir.resolve("logs")).resolve("bare-worker.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the bare worker exited; see " + log);
      }
      if (Files.readString(log, StandardCharsets.UTF_8).contains("bare worker polling")) {
        return new BareWorkerProcess(process);
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the bare worker did not start; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
