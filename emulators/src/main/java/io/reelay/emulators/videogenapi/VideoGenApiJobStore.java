package io.reelay.emulators.videogenapi;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.emulators.EmulatorMigrations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The emulator's generations and throttled prompts, in PostgreSQL (db/emulators/V1). */
// made at startup, so the emulator's tables are migrated before anything reads them
@Context
@Requires(property = "reelay.emulators.videogenapi.enabled", value = "true")
public class VideoGenApiJobStore {

  static final long HOUR_MILLIS = 3_600_000;

  /** What a submission came to: accepted (with the month's usage), or over the model's limit. */
  sealed interface Admission {}

  record Accepted(VideoGenApiJob job, long monthUsage) implements Admission {}

  /** The model's hourly limit is used up; it frees up at {@code resetAtMillis}. */
  record OverLimit(long currentUsage, long resetAtMillis, long nowMillis) implements Admission {}

  private final VideoGenApiJobRepository jobs;

  /** {@code migrations}: the tables exist before the first statement. */
  public VideoGenApiJobStore(VideoGenApiJobRepository jobs, EmulatorMigrations migrations) {
    this.jobs = jobs;
  }

  /**
   * Inserts the job unless its model already had {@code hourlyLimit} generations in the last
   * hour. A per-model advisory lock makes count-then-insert atomic across instances.
   */
  @Transactional
  Admission insertWithinLimit(VideoGenApiJob job, long hourlyLimit) {
    jobs.lock("videogenapi-emulator:" + job.model());
    VideoGenApiJobRepository.HourWindow window = jobs.lastHour(job.model());
    if (window.used() >= hourlyLimit) {
      return new OverLimit(window.used(), window.oldestMillis() + HOUR_MILLIS, window.nowMillis());
    }
    jobs.insert(job);
    return new Accepted(jobs.find(job.id()).orElseThrow(), jobs.monthUsage());
  }

  @Transactional(readOnly = true)
  Optional<VideoGenApiJob> find(String id) {
    return jobs.find(id);
  }

  /** Takes one of the job's planned server errors; answers false when none are left. */
  @Transactional
  boolean takeServerError(String id) {
    return jobs.takeServerError(id) == 1;
  }

  /**
   * Whether this submission of the prompt is to be refused: the first {@code refusals}
   * submissions of the exact prompt are, later ones are not.
   */
  @Transactional
  boolean takeThrottle(String prompt, int refusals) {
    String key = sha256(prompt);
    jobs.throttleIfAbsent(key, refusals);
    return jobs.takeRefusal(key) == 1;
  }

  /** Generations accepted since the start of the current month (UTC). */
  @Transactional(readOnly = true)
  long monthUsage() {
    return jobs.monthUsage();
  }

  @Transactional(readOnly = true)
  long count() {
    return jobs.countJobs();
  }

  /** A page of generations, newest first. */
  @Transactional(readOnly = true)
  List<VideoGenApiJob> page(int limit, long offset) {
    return jobs.page(limit, offset);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
