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
  SERVER
}
