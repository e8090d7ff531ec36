package io.reelay.stack;

/** Which Temporal a {@link ReelayStack} runs its workflows on. */
public enum TemporalEngine {
  /**
   * The Temporal CLI's dev server ({@code temporal server start-dev}): SQLite, one history shard,
   * the Web UI. What {@code ./reelay up} runs, and the default everywhere.
   */
  DEV_SERVER,
  /**
   * The real Temporal server ({@code go.temporal.io/server}, built into
   * {@code .tools/temporal-server} by {@code ./reelay}): PostgreSQL persistence and SQL visibility
   * in the stack's own PostgreSQL, several history shards, no Web UI. What a production
   * deployment runs.
   */
  SERVER;

  /**
   * The real server's history shards. Several, so that the history service works as in
   * production: a workflow's tasks go to the shard its id hashes to and each shard has its own
   * task queues and database rows, where the dev server runs every workflow on one. Four is what
   * Temporal's own development configurations use; more would only add idle queue readers on a
   * 2-core machine. Fixed once a cluster exists.
   */
  public static final int SERVER_HISTORY_SHARDS = 4;
}
