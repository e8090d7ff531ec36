package io.reelay.activities.providers.simulator;

import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the provider's side of webhooks: when a job with a callback URL finishes, POST its status
 * there. Due callbacks are claimed in PostgreSQL with a lease, so several instances never send the
 * same one at once and a crash only delays it.
 */
@Singleton
@Requires(property = "reelay.simulator.enabled", notEquals = "false")
public class SimCallbackSender {

  private static final Logger log = LoggerFactory.getLogger(SimCallbackSender.class);
  private static final int MAX_ATTEMPTS = 10;

  private final SimJobStore jobs;
  private final SimVideoCache videos;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public SimCallbackSender(SimJobStore jobs, SimVideoCache videos, JsonMapper json) {
    this.jobs = jobs;
    this.videos = videos;
    this.json = json;
  }

  @Scheduled(fixedDelay = "500ms", initialDelay = "2s")
  void sendDueCallbacks() {
    try {
      for (SimJob job : jobs.claimDueCallbacks(20, 30)) {
        SimState state = SimState.of(job, videos);
        if (!state.status().equals("succeeded")
            && !state.status().equals("failed")
            && !state.status().equals("canceled")) {
          jobs.callbackNotReady(job.id());
          continue;
        }
        send(job, state);
      }
    } catch (RuntimeException e) {
      log.warn("simulator callback round failed: {}", e.getMessage());
    }
  }

  private void send(SimJob job, SimState state) {
    try {
      byte[] body = json.writeValueAsBytes(Map.of("id", job.id(), "status", state.status()));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(job.callbackUrl()))
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        jobs.callbackSent(job.id());
        return;
      }
      log.info("callback for {} answered {}", job.id(), status);
    } catch (Exception e) {
      log.info("callback for {} failed: {}", job.id(), e.getMessage());
    }
    jobs.callbackFailed(job.id(), 2, MAX_ATTEMPTS);
  }
}
