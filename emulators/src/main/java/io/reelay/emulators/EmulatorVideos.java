package io.reelay.emulators;

import io.reelay.activities.providers.simulator.SimVideoRenderer;
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
 * An emulator's rendered videos under {@code <reelay.data-dir>/emulators/<name>}, one real MP4 per
 * finished job. A video is rendered once, when its job is first seen finished or first
 * downloaded, whichever comes first; concurrent downloads wait for the same render.
 */
public class EmulatorVideos {

  private final Path directory;
  private final SimVideoRenderer renderer = new SimVideoRenderer();
  private final ConcurrentHashMap<String, CompletableFuture<Path>> renders = new ConcurrentHashMap<>();
  // Rendering is CPU-bound: a couple of threads, not the request threads.
  private final ExecutorService renderThreads;

  protected EmulatorVideos(String name, String dataDir) {
    this.directory = Path.of(dataDir, "emulators", name);
    this.renderThreads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, name + "-emulator-renderer");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts rendering a job's video unless it is already rendered or under way. */
  protected CompletableFuture<Path> prepare(String jobId, SimVideoRenderer.RenderSpec spec) {
    return renders.computeIfAbsent(
        jobId, id -> CompletableFuture.supplyAsync(() -> render(jobId, spec), renderThreads));
  }

  /** A job's video file, rendering it first if needed. */
  protected Path file(String jobId, SimVideoRenderer.RenderSpec spec) throws IOException {
    CompletableFuture<Path> render = prepare(jobId, spec);
    try {
      return render.join();
    } catch (CompletionException e) {
      // forget the failed render, so the next download tries again
      renders.remove(jobId, render);
      throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
    }
  }

  private Path render(String jobId, SimVideoRenderer.RenderSpec spec) {
    Path file = directory.resolve(jobId + ".mp4");
    try {
      if (!Files.exists(file)) {
        renderer.render(spec, file);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected void stop() {
    renderThreads.shutdownNow();
  }
}
