package io.reelay.emulators.venice;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.emulators.EmulatorMigrations;
import java.util.Optional;

/** The Venice emulator's jobs in PostgreSQL ({@code venice_emulator_jobs}). */
// made at startup, so the emulator's tables are migrated before anything reads them
@Context
@Requires(property = "reelay.emulators.venice.enabled", value = "true")
class VeniceJobStore {

  private final VeniceJobRepository jobs;

  /** {@code migrations}: the table exists before the first statement. */
  VeniceJobStore(VeniceJobRepository jobs, EmulatorMigrations migrations) {
    this.jobs = jobs;
  }

  @Transactional
  void insert(VeniceJob job) {
    jobs.insert(job);
  }

  /** Reads the job and counts the retrieve, in one statement. */
  @Transactional
  Optional<VeniceJob> retrieved(String queueId) {
    return jobs.retrieved(queueId).stream().findFirst();
  }

  @Transactional(readOnly = true)
  Optional<VeniceJob> find(String queueId) {
    return jobs.find(queueId);
  }

  /** Uses up one of the job's injected server errors; false when none are left. */
  @Transactional
  boolean takeServerError(String queueId) {
    return jobs.takeServerError(queueId) == 1;
  }

  /** Deletes the job's media; false when it was already gone. */
  @Transactional
  boolean delete(String queueId) {
    return jobs.delete(queueId) == 1;
  }

  /** Counts one video answer that has ended, and the bytes it sent. */
  @Transactional
  void videoSent(String queueId, long bytes) {
    jobs.videoSent(queueId, bytes);
  }
}
