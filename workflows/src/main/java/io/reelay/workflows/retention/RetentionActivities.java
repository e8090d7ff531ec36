package io.reelay.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Finds stored videos past their expiry and deletes them. */
@ActivityInterface
public interface RetentionActivities {

  /** Ids of completed generations whose video is due, oldest expiry first, at most {@code limit}. */
  @ActivityMethod(name = "FindExpiredVideos")
  List<String> dueToExpire(int limit);

  /**
   * Deletes each generation's video and input images from the asset store, then marks it
   * expired. Idempotent: one already expired is skipped. Answers how many this call expired.
   */
  @ActivityMethod(name = "ExpireVideos")
  int expire(List<String> generationIds);
}
