package io.reelay.harness.bench;

import io.temporal.activity.ActivityInterface;

/** The baseline's activity: returns at once. */
@ActivityInterface
public interface NoOpActivities {

  void nothing(int step);
}
