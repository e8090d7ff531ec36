package io.reelay.activities.providers.simulator;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Plays the provider's side of webhooks: when a job with a callback URL finishes, POST its status
 * there. Due callbacks are claimed in PostgreSQL with a lease, so several instances never send the
 * same one at once and a crash only delays it.
 */
@Singleton
@Requires(property = "reelay.simulator.enabled", value = "true")
// the simulator belongs to the api processes: a worker-only process neither serves it nor calls
// back for it (its callback URLs may well name localhost, which in a worker is not the API)
@Requires(property = "reelay.roles", pattern = "(?i).*api.*")
public class SimCallbackSender {

  private static final Logger log = LoggerFactory.getLogger(SimCallbackSender.class);
  private static final int MAX_ATTEMPTS = 10;
  private static final int BATCH = 100;

  private final SimJobStore jobs;
  private final SimVideoCache videos;
  private final SimChaos chaos;
  private final SimChaosStore chaosStore;
  private final JsonMapper json;
  private final HttpClient http = HttpClient.create(null, clientConfiguration());

  public SimCallbackSender(
      SimJobStore jobs, SimVideoCache videos, SimChaos chaos, SimChaosStore chaosStore, JsonMapper json) {
    this.jobs = jobs;
    this.videos = videos;
    this.chaos = chaos;
    this.chaosStore = chaosStore;
    this.json = json;
  }

  /**
   * Sends every due callback, a claimed batch at a time, all of a batch at once: a real provider
   * calls back thousands of jobs a minute, and a sequential sender would make the simulator, not
   * Reelay, the bottleneck of a benchmark.
   */
  @Scheduled(fixedDelay = "500ms", initialDelay = "2s")
  void sendDueCallbacks() {
    try {
      List<SimJob> batch;
      do {
        batch = jobs.claimDueCallbacks(BATCH, 30);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (SimJob job : batch) {
          SimState state = SimState.of(job, videos);
          if (!state.status().equals("succeeded")
              && !state.status().equals("failed")
              && !state.status().equals("canceled")) {
            jobs.callbackNotReady(job.id());
            continue;
          }
          sends.add(send(job, state));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
      } while (batch.size() == BATCH);
      if (chaos.enabled()) {
        sendDueExtraCallbacks();
      }
    } catch (RuntimeException e) {
      log.warn("simulator callback round failed: {}", e.getMessage());
    }
  }

  /** The chaos callbacks ({@link SimChaos}) that are due, sent like the real ones. */
  private void sendDueExtraCallbacks() {
    List<SimChaosStore.DueCallback> batch;
    do {
      batch = chaosStore.claimDue(BATCH, 30);
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (SimChaosStore.DueCallback extra : batch) {
        sends.add(
            post(extra.callbackUrl(), extra.jobId(), extra.status())
                .handle(
                    (status, failure) -> {
                      chaosStore.attempted(extra.id(), failure == null ? status : 0, MAX_ATTEMPTS);
                      return null;
                    }));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    } while (batch.size() == BATCH);
  }

  private static DefaultHttpClientConfiguration clientConfiguration() {
    DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
    configuration.setConnectTimeout(Duration.ofSeconds(3));
    configuration.setReadTimeout(Duration.ofSeconds(5));
    configuration.setFollowRedirects(false);
    return configuration;
  }

  /** What the simulator's callback says: the job and its status. */
  @Serdeable
  record Callback(String id, String status) {}

  /** POSTs a callback; the future answers the receiver's HTTP status. */
  private CompletableFuture<Integer> post(String callbackUrl, String jobId, String status) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(new Callback(jobId, status));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MutableHttpRequest<byte[]> request =
        HttpRequest.POST(URI.create(callbackUrl), body).contentType(MediaType.APPLICATION_JSON_TYPE);
    return Mono.from(http.exchange(request)).toFuture()
        .thenApply(HttpResponse::code)
        .exceptionallyCompose(
            failure ->
                // a non-2xx answer arrives as an exception that carries it
                failure instanceof HttpClientResponseException answered
                    ? CompletableFuture.completedFuture(answered.code())
                    : CompletableFuture.failedFuture(failure));
  }

  private CompletableFuture<Void> send(SimJob job, SimState state) {
    return post(job.callbackUrl(), job.id(), state.status())
        .handle(
            (status, failure) -> {
              if (failure == null && status / 100 == 2) {
                jobs.callbackSent(job.id());
                // a provider that misbehaves sends more once it has called back
                chaosStore.schedule(job.id(), chaos.extraCallbacks(state.status(), ThreadLocalRandom.current()));
                return null;
              }
              if (failure != null) {
                log.info("callback for {} failed: {}", job.id(), failure.getMessage());
              } else {
                log.info("callback for {} answered {}", job.id(), status);
              }
              jobs.callbackFailed(job.id(), 2, MAX_ATTEMPTS);
              return null;
            });
  }
}
