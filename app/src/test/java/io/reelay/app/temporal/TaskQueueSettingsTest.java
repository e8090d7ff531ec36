package io.reelay.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.workflows.generation.TaskQueue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskQueueSettingsTest {

  private static List<TaskQueueSettings> of(String concerns, Map<String, String> properties) {
    return TaskQueueSettings.of(List.of(concerns.split(",")), key -> Optional.ofNullable(properties.get(key)));
  }

  @Test
  void eachConfiguredQueueOnceInOrderWithItsOwnLimits() {
    List<TaskQueueSettings> queues =
        of(
            " downloads ,billing,DOWNLOADS",
            Map.of(
                "reelay.worker.queues.downloads.max-concurrent-activities", "4",
                "reelay.worker.queues.downloads.max-activities-per-second", "2.5",
                "reelay.worker.queues.downloads.pollers", "3"));
    assertEquals(List.of(TaskQueue.DOWNLOADS, TaskQueue.BILLING), queues.stream().map(TaskQueueSettings::queue).toList());
    assertEquals(new TaskQueueSettings(TaskQueue.DOWNLOADS, 4, 2.5, 3), queues.get(0));
    assertEquals(new TaskQueueSettings(TaskQueue.BILLING, 200, 0, TaskQueueSettings.DEFAULT_POLLERS), queues.get(1), "defaults when unset");
  }

  @Test
  void workerOptionsCarryTheLimitsAndRateOnlyWhenSet() {
    WorkerTuning tuning = WorkerTuning.of("false", 0);
    var limited = tuning.workerOptions(new TaskQueueSettings(TaskQueue.PROVIDERS, 7, 3, 1));
    assertEquals(7, limited.getMaxConcurrentActivityExecutionSize());
    assertEquals(1, limited.getMaxConcurrentWorkflowTaskPollers());
    assertEquals(1, limited.getMaxConcurrentActivityTaskPollers());
    assertEquals(3, limited.getMaxTaskQueueActivitiesPerSecond());
    assertTrue(limited.getAllowActivityHeartbeatDuringShutdown(), "a draining worker keeps heartbeating");
    assertEquals(0, tuning.workerOptions(new TaskQueueSettings(TaskQueue.PROVIDERS, 7, 0, 2)).getMaxTaskQueueActivitiesPerSecond());
  }

  @Test
  void misconfigurationsFailWithTheKeyNamed() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> of("generations,uploads", Map.of()));
    assertTrue(unknown.getMessage().contains("REELAY_WORKER_TASK_QUEUES") && unknown.getMessage().contains("uploads"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> of(" , ", Map.of()));
    var zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> of("billing", Map.of("reelay.worker.queues.billing.max-concurrent-activities", "0")));
    assertTrue(zero.getMessage().contains("reelay.worker.queues.billing.max-concurrent-activities"), zero.getMessage());
    var text =
        assertThrows(
            IllegalArgumentException.class,
            () -> of("billing", Map.of("reelay.worker.queues.billing.max-activities-per-second", "fast")));
    assertTrue(text.getMessage().contains("fast"), text.getMessage());
    var noPolls =
        assertThrows(IllegalArgumentException.class, () -> of("providers", Map.of("reelay.worker.queues.providers.pollers", "0")));
    assertTrue(noPolls.getMessage().contains("reelay.worker.queues.providers.pollers"), noPolls.getMessage());
  }
}
