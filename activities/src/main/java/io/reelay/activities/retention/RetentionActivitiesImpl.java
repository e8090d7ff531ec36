package io.reelay.activities.retention;

import io.reelay.activities.generations.GenerationStore;
import io.reelay.workflows.retention.RetentionActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes expired videos (see {@link VideoRemoval} for the order of the steps). */
@Singleton
public class RetentionActivitiesImpl implements RetentionActivities {

  private static final Logger log = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final GenerationStore generations;
  private final VideoRemoval removal;
  private final Counter deletions;

  public RetentionActivitiesImpl(GenerationStore generations, VideoRemoval removal, MeterRegistry registry) {
    this.generations = generations;
    this.removal = removal;
    // one kind today: a completed generation's video (and its input images), after which it shows expired
    this.deletions =
        Counter.builder("reelay.retention.deletions")
            .description("What the retention sweep deleted, by kind")
            .tag("kind", "video")
            .register(registry);
  }

  @Override
  public List<String> dueToExpire(int limit) {
    return generations.dueToExpire(limit).stream().map(UUID::toString).toList();
  }

  @Override
  public int expire(List<String> generationIds) {
    int expired = 0;
    for (String idText : generationIds) {
      // false: expired by an earlier attempt, or not a completed generation
      if (removal.remove(UUID.fromString(idText))) {
        // true only for the call whose update marked it expired: a retried sweep counts nothing
        deletions.increment();
        expired++;
      }
      Activity.getExecutionContext().heartbeat(expired);
    }
    log.info("retention: expired {} of {} generations", expired, generationIds.size());
    return expired;
  }
}
