package io.reelay.activities.providers.simulator;

import java.nio.file.Path;

/**
 * A simulated job's state, derived from its age and outcome rather than stored, so it is the
 * same whichever process asks and survives restarts.
 */
record SimState(String status, int progress, Path video) {

  static SimState of(SimJob job, SimVideoCache videos) {
    if (job.canceled()) {
      return new SimState("canceled", progress(job), null);
    }
    long elapsed = job.elapsedMillis();
    if (job.outcome().equals("never")) {
      return new SimState("running", (int) Math.min(95, elapsed / 1000), null);
    }
    if (elapsed < job.delayMillis() / 10) {
      return new SimState("queued", 0, null);
    }
    if (elapsed < job.delayMillis()) {
      return new SimState("running", progress(job), null);
    }
    if (job.outcome().equals("fail")) {
      return new SimState("failed", progress(job), null);
    }
    return videos
        .readyOrRender(job.renderSpec())
        .map(file -> new SimState("succeeded", 100, file))
        .orElseGet(() -> new SimState("running", 99, null));
  }

  private static int progress(SimJob job) {
    if (job.delayMillis() <= 0) {
      return 99;
    }
    return (int) Math.min(99, job.elapsedMillis() * 100 / job.delayMillis());
  }
}
