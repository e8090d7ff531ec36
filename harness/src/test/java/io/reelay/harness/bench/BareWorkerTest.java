package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelay.app.temporal.TaskQueueSettings;
import org.junit.jupiter.api.Test;

class BareWorkerTest {

  @Test
  void theBaselinePollsAsReelaysWorkerDoesByDefault() {
    // the app is only on the test classpath, so the bare worker keeps its own copy of the number
    assertEquals(TaskQueueSettings.DEFAULT_POLLERS, BareWorker.POLLERS);
  }
}
