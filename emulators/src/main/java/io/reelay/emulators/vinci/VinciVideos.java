package io.reelay.emulators.vinci;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.reelay.emulators.EmulatorVideos;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** This emulator's rendered videos (see {@link EmulatorVideos}). */
@Singleton
@Requires(property = "reelay.emulators.vinci.enabled", value = "true")
public class VinciVideos extends EmulatorVideos {

  public VinciVideos(@Value("${reelay.data-dir}") String dataDir) {
    super("vinci", dataDir);
  }

  CompletableFuture<Path> prepare(VinciJob job) {
    return prepare(job.requestId(), job.renderSpec());
  }

  Path file(VinciJob job) throws IOException {
    return file(job.requestId(), job.renderSpec());
  }

  @PreDestroy
  @Override
  protected void stop() {
    super.stop();
  }
}
