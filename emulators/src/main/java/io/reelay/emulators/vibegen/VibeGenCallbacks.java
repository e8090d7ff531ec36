package io.reelay.emulators.vibegen;

import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays VibeGen's side of callbacks: POSTs the documented {@code task.completed} or
 * {@code task.failed} payload to a task's {@code callback_url} from a background thread, over real
 * HTTP, once the task has settled (see {@link VibeGenEmulatorController} for the payloads and the
 * markers that bend the timing). Each delivery is one attempt: the documentation promises no
 * retries, so a receiver that is down or answers non-2xx simply misses it, and clients must be
 * able to fall back on polling.
 */
@Singleton
@Requires(property = "reelay.emulators.vibegen.enabled", value = "true")
public class VibeGenCallbacks {

  private static final Logger log = LoggerFactory.getLogger(VibeGenCallbacks.class);
  // With [vibegen:callback-early] the task runs at least this long, so the lying callback is sent
  // a tenth of the way in and well (>= 2.7 s) before the task really completes.
  static final long EARLY_CALLBACK_MIN_DELAY_MILLIS = 3000;

  private final VibeGenVideos videos;
  private final JsonMapper json;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vibegen-emulator-callbacks");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  public VibeGenCallbacks(VibeGenVideos videos, JsonMapper json) {
    this.videos = videos;
    this.json = json;
  }

  /** Schedules every callback the task will get (none without a callback URL). */
  void plan(VibeGenJob job, VibeGenMarkers markers) {
    if (job.callbackUrl() == null || markers.noCallback()) {
      return;
    }
    if (markers.callbackEarly()) {
      // the lie: "completed" while the task is still processing, its video URL not yet live
      at(job.createdAtMillis() + job.processingAfterMillis(),
          () -> deliver(job, completedPayload(job, VibeGenJob.timestamp(System.currentTimeMillis())), 1));
    }
    at(job.settledAtMillis() + markers.callbackLateSeconds() * 1000,
        () -> deliver(job, settledPayload(job), markers.callbackTwice() ? 2 : 1));
  }

  /** The payload the task's settled state calls for. */
  Map<String, Object> settledPayload(VibeGenJob job) {
    if (job.finalStatus().equals("completed")) {
      videos.prepare(job); // so the receiver's first download finds the file (nearly) ready
      return completedPayload(job, job.settledAt());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", "task.failed");
    payload.put("task_id", job.id());
    payload.put("status", "failed");
    payload.put("error_message", job.errorMessage());
    payload.put("created_at", job.createdAt());
    payload.put("failed_at", job.settledAt());
    return payload;
  }

  private static Map<String, Object> completedPayload(VibeGenJob job, String completedAt) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", "task.completed");
    payload.put("task_id", job.id());
    payload.put("status", "completed");
    payload.put("video_url", VibeGenEmulatorController.videoUrl(job.host(), job));
    payload.put("created_at", job.createdAt());
    payload.put("completed_at", completedAt);
    return payload;
  }

  /**
   * Runs the action at a wall-clock instant, never before it: task status is derived from
   * {@link System#currentTimeMillis()}, while the scheduler counts nanoTime, and a callback must
   * never beat the status it reports.
   */
  private void at(long epochMillis, Runnable action) {
    long wait = epochMillis - System.currentTimeMillis();
    try {
      if (wait > 0) {
        scheduler.schedule(() -> at(epochMillis, action), wait, TimeUnit.MILLISECONDS);
      } else {
        scheduler.execute(action);
      }
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down: the callback is lost, as it would be with a real provider's outage
    }
  }

  /** POSTs the payload, then (for {@code times} > 1) again once the previous attempt is over. */
  private void deliver(VibeGenJob job, Map<String, Object> payload, int times) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(payload);
    } catch (IOException e) {
      log.warn("vibegen emulator: callback for {} not serialisable: {}", job.id(), e.getMessage());
      return;
    }
    Supplier<CompletableFuture<Void>> attempt = () -> post(job, body, payload.get("event"));
    CompletableFuture<Void> chain = attempt.get();
    for (int i = 1; i < times; i++) {
      chain = chain.thenCompose(ignored -> attempt.get());
    }
  }

  private CompletableFuture<Void> post(VibeGenJob job, byte[] body, Object event) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(job.callbackUrl()))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (IllegalArgumentException e) {
      log.info("vibegen emulator: callback URL for {} unusable: {}", job.id(), e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                log.info("vibegen emulator: {} callback for {} failed: {}", event, job.id(), failure.toString());
              } else if (response.statusCode() / 100 != 2) {
                log.info("vibegen emulator: {} callback for {} answered {}", event, job.id(), response.statusCode());
              }
              return null;
            });
  }

  @PreDestroy
  void stop() {
    scheduler.shutdownNow();
  }
}
