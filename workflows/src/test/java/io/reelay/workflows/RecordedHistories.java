package io.reelay.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Histories recorded from real runs on the Temporal dev server ({@code temporal workflow show
 * --output json}), kept under {@code src/test/resources/histories/} for the replay tests.
 */
public final class RecordedHistories {

  private RecordedHistories() {}

  /** The history {@code histories/<name>.json}. */
  public static WorkflowExecutionHistory load(String name) throws IOException {
    try (InputStream in = RecordedHistories.class.getResourceAsStream("/histories/" + name + ".json")) {
      if (in == null) {
        throw new IOException("missing history " + name);
      }
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
