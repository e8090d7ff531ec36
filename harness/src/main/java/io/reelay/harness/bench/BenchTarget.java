package io.reelay.harness.bench;

import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.nio.file.Path;

/**
 * The running stack a benchmark measures: the API, a funded account's key, the Temporal server,
 * the process that runs the worker (to read its memory and threads with the JDK's own jcmd, and
 * its /metrics; the API's process too unless the bench splits them), and its PostgreSQL (to check
 * the ledger directly rather than through the API under test).
 */
public record BenchTarget(
    URI api, String apiKey, String accountId, WorkflowClient temporal, long workerPid, URI worker, Path jcmd,
    String jdbcUrl) {

  /** Whether the worker runs in a process of its own, with /metrics of its own. */
  boolean workerApart() {
    return !worker.equals(api);
  }
}
