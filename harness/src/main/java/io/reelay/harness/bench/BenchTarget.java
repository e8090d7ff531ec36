package io.reelay.harness.bench;

import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.nio.file.Path;

/**
 * The running stack a benchmark measures: the API, a funded account's key, the Temporal server,
 * the app's process (to read its memory and threads with the JDK's own jcmd), and its PostgreSQL
 * (to check the ledger directly rather than through the API under test).
 */
public record BenchTarget(
    URI api, String apiKey, String accountId, WorkflowClient temporal, long appPid, Path jcmd, String jdbcUrl) {}
