package io.reelay.activities.retention;

import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.workflows.retention.RetentionActivities;
import io.temporal.activity.Activity;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired videos. Files go first and the generation is marked expired after, so a crash
 * between the two leaves a generation that the next sweep finds again (and whose content answers
 * 410 meanwhile), never an "expired" one whose file lingers.
 */
@Singleton
public class RetentionActivitiesImpl implements RetentionActivities {

  private static final Logger log = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final GenerationStore generations;
  private final AssetStore assets;

  public RetentionActivitiesImpl(GenerationStore generations, AssetStore assets) {
    this.generations = generations;
    this.assets = assets;
  }

  @Override
  public List<String> dueToExpire(int limit) {
    return generations.dueToExpire(limit).stream().map(UUID::toString).toList();
  }

  @Override
  public int expire(List<String> generationIds) {
    int expired = 0;
    for (String idText : generationIds) {
      UUID id = UUID.fromString(idText);
      Optional<String> videoKey = generations.storedVideoKey(id);
      if (videoKey.isEmpty()) {
        continue; // expired by an earlier attempt, or not a completed generation
      }
      try {
        assets.delete(videoKey.get());
        assets.deleteAll("inputs/" + id + "/");
      } catch (IOException e) {
        throw new UncheckedIOException("deleting the files of generation " + id, e);
      }
      if (generations.markExpired(id)) {
        expired++;
      }
      Activity.getExecutionContext().heartbeat(expired);
    }
    log.info("retention: expired {} of {} generations", expired, generationIds.size());
    return expired;
  }
}
