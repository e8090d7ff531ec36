package io.reelay.emulators.venice;

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
@Requires(property = "reelay.emulators.venice.enabled", value = "true")
public class VeniceVideos extends EmulatorVideos {

  public VeniceVideos(@Value("${reelay.data-dir}") String dataDir) {
    super("venice", dataDir);
  }

  CompletableFuture<Path> prepare(VeniceJob job) {
    return prepare(job.queueId(), job.renderSpec());
  }

  Path file(VeniceJob job) throws IOException {
    return file(job.queueId(), job.renderSpec());
  }

  @PreDestroy
  @Override
  protected void stop() {
    super.stop();
  }
}
