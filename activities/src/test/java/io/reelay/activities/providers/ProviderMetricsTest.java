package io.reelay.activities.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** How a provider call's outcome becomes a bounded tag. */
class ProviderMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProviderMetrics metrics = new ProviderMetrics(registry, null);

  @Test
  void anAnswerIsItsStatusClassAndNoAnswerIsATimeoutOrAnError() {
    assertEquals("4xx", ProviderMetrics.outcome(new ProviderException(false, "PAYMENT", "no money", null, 402)));
    assertEquals("5xx", ProviderMetrics.outcome(new ProviderException(true, "HTTP_503", "down", null, 503)));
    assertEquals("timeout", ProviderMetrics.outcome(ProviderException.transientFailure("NETWORK", "vinci unreachable: ReadTimeoutException")));
    assertEquals("error", ProviderMetrics.outcome(ProviderException.transientFailure("NETWORK", "vinci unreachable: ConnectException")));
    assertEquals("error", ProviderMetrics.outcome(ProviderException.refused("ENCODING", "bad image")));
  }

  @Test
  void eachCallIsTimedUnderItsOutcome() throws Exception {
    assertEquals("job-1", metrics.timed("sim", ProviderMetrics.Operation.SUBMIT, () -> "job-1"));
    assertThrows(
        ProviderException.class,
        () ->
            metrics.timed(
                "sim",
                ProviderMetrics.Operation.POLL,
                () -> {
                  throw new ProviderException(true, "HTTP_502", "bad gateway", null, 502);
                }));
    assertEquals(1, timed("submit", "2xx"));
    assertEquals(1, timed("poll", "5xx"));
    assertEquals(0, timed("poll", "2xx"));
  }

  private long timed(String operation, String outcome) {
    var timer =
        registry.find("reelay.provider.calls").tags("provider", "sim", "operation", operation, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }
}
