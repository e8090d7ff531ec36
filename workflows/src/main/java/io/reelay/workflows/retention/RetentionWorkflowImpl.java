package io.reelay.workflows.retention;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * Finds due videos a batch at a time and expires each batch. A run stops after {@link
 * #MAX_BATCHES} so its history stays small; whatever is left waits for the next scheduled run.
 */
public class RetentionWorkflowImpl implements RetentionWorkflow {

  static final int BATCH_SIZE = 100;
  static final int MAX_BATCHES = 50;

  /** A store or database that is down fails this run after a few tries; the next run retries. */
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  @Override
  public RetentionSweep sweep() {
    RetentionActivities find = activities("find videos due to expire");
    int expired = 0;
    for (int batch = 0; batch < MAX_BATCHES; batch++) {
      List<String> due = find.dueToExpire(BATCH_SIZE);
      if (due.isEmpty()) {
        return new RetentionSweep(expired, false);
      }
      expired += activities("expire " + due.size() + (due.size() == 1 ? " video" : " videos")).expire(due);
    }
    return new RetentionSweep(expired, true);
  }

  private static RetentionActivities activities(String summary) {
    return Workflow.newActivityStub(
        RetentionActivities.class, ActivityOptions.newBuilder(OPTIONS).setSummary(summary).build());
  }
}
