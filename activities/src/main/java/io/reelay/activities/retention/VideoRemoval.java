package io.reelay.activities.retention;

import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.generations.GenerationStore;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes a completed generation's stored files and marks it expired: for the retention sweep,
 * and for a client that deletes its video itself (a front door's delete). Files go first and the
 * mark after, so a crash between the two leaves a generation a later attempt finds again (and
 * whose content answers 410 meanwhile), never an "expired" one whose file lingers. Money is not
 * touched: the video was delivered and paid for.
 */
@Singleton
public class VideoRemoval {

  private final GenerationStore generations;
  private final AssetStore assets;

  public VideoRemoval(GenerationStore generations, AssetStore assets) {
    this.generations = generations;
    this.assets = assets;
  }

  /** Answers whether this call removed it (false: not completed, or removed already). */
  public boolean remove(UUID id) {
    Optional<String> videoKey = generations.storedVideoKey(id);
    if (videoKey.isEmpty()) {
      return false;
    }
    try {
      assets.delete(videoKey.get());
      assets.deleteAll("inputs/" + id + "/");
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the files of generation " + id, e);
    }
    return generations.markExpired(id);
  }
}
