package io.reelay.activities.providers.emulators.vibegen;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.reelay.activities.providers.simulator.SimVideoRenderer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The emulator's rendered videos under {@code <reelay.data-dir>/emulators/vibegen}, one real MP4
 * per completed task. A video is rendered once, when its task is first seen completed (by a poll
 * or by the callback sender) or first downloaded, whichever comes first; concurrent downloads wait
 * for the same render.
 */
@Singleton
@Requires(property = "reelay.emulators.vibegen.enabled", value = "true")
public class VibeGenVideos {

  private final Path directory;
  private final SimVideoRenderer renderer = new SimVideoRenderer();
  private final ConcurrentHashMap<String, CompletableFuture<Path>> renders = new ConcurrentHashMap<>();
  // Rendering is CPU-bound: a couple of threads, not the request threads.
  private final ExecutorService renderThreads =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "vibegen-emulator-renderer");
            t.setDaemon(true);
            return t;
          });

  public VibeGenVideos(@Value("${reelay.data-dir}") String dataDir) {
    this.directory = Path.of(dataDir, "emulators", "vibegen");
  }

  /** Starts rendering the task's video unless it is already rendered or under way. */
  CompletableFuture<Path> prepare(VibeGenJob job) {
    return renders.computeIfAbsent(
        job.id(), id -> CompletableFuture.supplyAsync(() -> render(job), renderThreads));
  }

  /** The task's video file, rendering it first if needed. */
  Path file(VibeGenJob job) throws IOException {
    CompletableFuture<Path> render = prepare(job);
    try {
      return render.join();
    } catch (CompletionException e) {
      // forget the failed render, so the next download tries again
      renders.remove(job.id(), render);
      throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
    }
  }

  private Path render(VibeGenJob job) {
    Path file = directory.resolve(job.id() + ".mp4");
    try {
      if (!Files.exists(file)) {
        renderer.render(job.renderSpec(), file);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  void stop() {
    renderThreads.shutdownNow();
  }
}
