package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackSampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void measuresFromTheFirstCallbackToTheReadThatShowedCompletedAndToTheCompletedEvent() throws Exception {
    String timeline =
        """
        {"generation_id": "g", "status": "completed", "events": [
          {"id": 1, "type": "created", "at": "2026-12-06T01:00:00.000000Z"},
          {"id": 2, "type": "callback_received", "at": "2026-12-06T01:00:02.100000Z", "provider_status": "succeeded"},
          {"id": 3, "type": "callback_received", "at": "2026-12-06T01:00:02.900000Z", "provider_status": "succeeded"},
          {"id": 4, "type": "completed", "at": "2026-12-06T01:00:02.350000Z", "cost_usd": 0.10}]}
        """;

    CallbackSample sample = CallbackSample.of(JSON.readTree(timeline), Instant.parse("2026-12-06T01:00:02.400Z")).orElseThrow();

    assertEquals(Duration.ofMillis(300), sample.toVisible());
    assertEquals(Duration.ofMillis(250), sample.toRecorded());
  }

  @Test
  void aGenerationThatFinishedWithoutACallbackGivesNoReading() throws Exception {
    String timeline =
        """
        {"events": [{"id": 1, "type": "created", "at": "2026-12-06T01:00:00Z"},
                    {"id": 2, "type": "completed", "at": "2026-12-06T01:05:00Z"}]}
        """;

    assertTrue(CallbackSample.of(JSON.readTree(timeline), Instant.parse("2026-12-06T01:05:01Z")).isEmpty());
  }
}
