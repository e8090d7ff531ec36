package io.reelay.emulators.vibegen;

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
@Requires(property = "reelay.emulators.vibegen.enabled", value = "true")
public class VibeGenVideos extends EmulatorVideos {

  public VibeGenVideos(@Value("${reelay.data-dir}") String dataDir) {
    super("vibegen", dataDir);
  }

  CompletableFuture<Path> prepare(VibeGenJob job) {
    return prepare(job.id(), job.renderSpec());
  }

  Path file(VibeGenJob job) throws IOException {
    return file(job.id(), job.renderSpec());
  }

  @PreDestroy
  @Override
  protected void stop() {
    super.stop();
  }
}
