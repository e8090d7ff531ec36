package io.reelay.workflows.generation;

/**
 * A provider job's state in our vocabulary.
 *
 * @param phase        where the job is
 * @param progress     0–100
 * @param errorCode    provider error code when failed, else null
 * @param errorMessage provider error message when failed, else null
 */
public record JobState(Phase phase, int progress, String errorCode, String errorMessage) {

  /** The provider-independent phases of an upstream job. */
  public enum Phase {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
  }
}
