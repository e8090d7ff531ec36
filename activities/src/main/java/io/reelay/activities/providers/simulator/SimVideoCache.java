package io.reelay.activities.providers.simulator;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendered simulator videos on disk, keyed by what determines their bytes. Rendering runs in the
 * background as soon as a job is accepted, one at a time (it is CPU-bound); a job reports success
 * only once its file exists, and a restarted process renders anything missing on demand.
 */
@Singleton
public class SimVideoCache {

  private static final Logger log = LoggerFactory.getLogger(SimVideoCache.class);

  private final Path directory;
  private final SimVideoRenderer renderer = new SimVideoRenderer();
  private final ExecutorService renderThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sim-renderer");
            t.setDaemon(true);
            return t;
          });
  private final Set<Path> queued = ConcurrentHashMap.newKeySet();

  public SimVideoCache(@Value("${reelay.data-dir}") String dataDir) {
    this.directory = Path.of(dataDir, "sim-videos");
  }

  /** The rendered file if it is ready; otherwise starts rendering it and answers empty. */
  public Optional<Path> readyOrRender(SimVideoRenderer.RenderSpec spec) {
    Path file = fileFor(spec);
    if (Files.exists(file)) {
      return Optional.of(file);
    }
    if (queued.add(file)) {
      renderThread.submit(() -> render(spec, file));
    }
    return Optional.empty();
  }

  private void render(SimVideoRenderer.RenderSpec spec, Path file) {
    try {
      Files.createDirectories(directory);
      long started = System.nanoTime();
      renderer.render(spec, file);
      log.info(
          "rendered {} ({} ms)", file.getFileName(), (System.nanoTime() - started) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      log.error("rendering {} failed", file.getFileName(), e);
    } finally {
      queued.remove(file);
    }
  }

  private Path fileFor(SimVideoRenderer.RenderSpec spec) {
    return directory.resolve(
        spec.width() + "x" + spec.height() + "-" + spec.durationSeconds() + "s-" + spec.seed() + ".mp4");
  }

  @PreDestroy
  void stop() {
    renderThread.shutdownNow();
  }
}
