package io.reelay.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkerTuningTest {

  private static final boolean VIRTUAL_AVAILABLE = Runtime.version().feature() >= 21;

  @Test
  void autoUsesVirtualThreadsExactlyWhenTheJvmHasThem() {
    WorkerTuning tuning = WorkerTuning.of("auto", 0);
    assertEquals(VIRTUAL_AVAILABLE, tuning.virtualThreads());
    assertEquals(VIRTUAL_AVAILABLE ? WorkerTuning.VIRTUAL_THREAD_CACHE : WorkerTuning.PLATFORM_THREAD_CACHE,
        tuning.workflowCacheSize());
    assertEquals(tuning.workflowCacheSize(), tuning.factoryOptions().getWorkflowCacheSize());
    assertEquals(tuning.virtualThreads(), tuning.factoryOptions().isUsingVirtualWorkflowThreads());
  }

  @Test
  void platformThreadsKeepTheSdkCacheAndAThreadPerCachedWorkflow() {
    WorkerTuning tuning = WorkerTuning.of("false", 0);
    assertFalse(tuning.virtualThreads());
    assertEquals(600, tuning.workflowCacheSize());
    assertTrue(tuning.factoryOptions().getMaxWorkflowThreadCount() >= tuning.workflowCacheSize());
    assertEquals(1500, WorkerTuning.of("FALSE", 1500).factoryOptions().getMaxWorkflowThreadCount());
  }

  @Test
  void askingForVirtualThreadsOnAnOldJvmFailsAtStartInsteadOfSilentlyRunningWithout() {
    if (VIRTUAL_AVAILABLE) {
      WorkerTuning tuning = WorkerTuning.of("true", 5000);
      assertTrue(tuning.virtualThreads());
      assertEquals(10_000, tuning.factoryOptions().getMaxWorkflowThreadCount());
    } else {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> WorkerTuning.of("true", 0));
      assertTrue(refused.getMessage().contains("Java 21"), refused.getMessage());
    }
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> WorkerTuning.of("sometimes", 0));
    assertThrows(IllegalArgumentException.class, () -> WorkerTuning.of("auto", -1));
  }
}
