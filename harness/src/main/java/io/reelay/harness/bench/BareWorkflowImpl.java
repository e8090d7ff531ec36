package io.reelay.harness.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class BareWorkflowImpl implements BareWorkflow {

  private final NoOpActivities steps =
      Workflow.newActivityStub(
          NoOpActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  private final NoOpActivities localSteps =
      Workflow.newLocalActivityStub(
          NoOpActivities.class,
          LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public void run(int activities, int localActivities) {
    for (int step = 0; step < activities; step++) {
      steps.nothing(step);
      if (step < localActivities) {
        localSteps.nothing(step);
      }
    }
  }
}
