package io.reelay.activities.assets;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * Assets as files under {@code <data-dir>/assets}. Writes are atomic renames. One machine only:
 * several machines share an {@link S3AssetStore}.
 */
@Singleton
@Requires(property = "reelay.assets.store", value = "local", defaultValue = "local")
public class LocalAssetStore implements AssetStore {

  private final Path root;

  public LocalAssetStore(@Value("${reelay.data-dir}") String dataDir) {
    this.root = Path.of(dataDir, "assets").toAbsolutePath().normalize();
  }

  @Override
  public void put(String key, Path file, String contentType) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    Path staging = Files.createTempFile(target.getParent(), ".put-", ".tmp");
    Files.copy(file, staging, StandardCopyOption.REPLACE_EXISTING);
    Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    Path file = resolve(key);
    return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    SeekableByteChannel channel = Files.newByteChannel(resolve(key));
    channel.position(offset);
    InputStream in = Channels.newInputStream(channel);
    return new java.io.FilterInputStream(in) {
      private long remaining = length;

      @Override
      public int read() throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          remaining--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, remaining));
        if (n > 0) {
          remaining -= n;
        }
        return n;
      }
    };
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public void deleteAll(String prefix) throws IOException {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("a prefix names a folder: it ends with /");
    }
    Path folder = resolve(prefix);
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (java.util.stream.Stream<Path> tree = Files.walk(folder)) {
      // children before their folder
      for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Keeps keys inside the root: no absolute paths, no "..". */
  private Path resolve(String key) {
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("invalid asset key");
    }
    return path;
  }
}
