package io.reelay.emulators.videogenapi;

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
@Requires(property = "reelay.emulators.videogenapi.enabled", value = "true")
public class VideoGenApiVideos extends EmulatorVideos {

  public VideoGenApiVideos(@Value("${reelay.data-dir}") String dataDir) {
    super("videogenapi", dataDir);
  }

  CompletableFuture<Path> prepare(VideoGenApiJob job) {
    return prepare(job.id(), job.renderSpec());
  }

  Path file(VideoGenApiJob job) throws IOException {
    return file(job.id(), job.renderSpec());
  }

  @PreDestroy
  @Override
  protected void stop() {
    super.stop();
  }
}
