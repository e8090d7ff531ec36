package io.reelay.app.retention;

import io.micronaut.context.annotation.Value;
import io.reelay.workflows.generation.TaskQueue;
import io.reelay.workflows.retention.RetentionWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal Schedule {@value RetentionWorkflow#SCHEDULE_ID} that starts a retention sweep every
 * {@code reelay.retention.sweep-every}. Every worker that runs workflows makes sure it exists and
 * has the configured interval when it starts; operators see it (and pause or trigger it) on the
 * UI's Schedules page.
 */
@Singleton
public class RetentionSchedule {

  private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

  /** A sweep that takes longer is stopped; the next one carries on where it left off. */
  static final Duration SWEEP_TIMEOUT = Duration.ofHours(1);

  private final ScheduleClient schedules;
  private final Duration every;

  public RetentionSchedule(
      WorkflowServiceStubs stubs,
      @Value("${reelay.temporal.namespace}") String namespace,
      @Value("${reelay.retention.sweep-every:10m}") Duration every) {
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("reelay.retention.sweep-every must be at least 1s");
    }
    this.schedules =
        ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
    this.every = every;
  }

  public Duration every() {
    return every;
  }

  /** Creates the schedule, or brings an existing one to this configuration. */
  public void ensure() {
    Schedule wanted = schedule();
    try {
      schedules.createSchedule(RetentionWorkflow.SCHEDULE_ID, wanted, ScheduleOptions.newBuilder().build());
      log.info("created the retention schedule {} (every {})", RetentionWorkflow.SCHEDULE_ID, every);
    } catch (ScheduleAlreadyRunningException exists) {
      // keep an operator's pause: replace the spec, action and policy, not the state
      schedules
          .getHandle(RetentionWorkflow.SCHEDULE_ID)
          .update(
              current ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(wanted)
                          .setState(current.getDescription().getSchedule().getState())
                          .build()));
      log.info("updated the retention schedule {} (every {})", RetentionWorkflow.SCHEDULE_ID, every);
    }
  }

  private Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(RetentionWorkflow.class)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(RetentionWorkflow.WORKFLOW_ID)
                        .setTaskQueue(TaskQueue.GENERATIONS.queueName())
                        .setWorkflowRunTimeout(SWEEP_TIMEOUT)
                        .build())
                .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
        // one sweep at a time; a missed run (no worker, Temporal down) is simply the next one
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(Duration.ofMinutes(1))
                .build())
        .setState(
            ScheduleState.newBuilder()
                .setNote("Reelay: deletes stored videos past their retention (reelay.retention)")
                .build())
        .build();
  }
}
