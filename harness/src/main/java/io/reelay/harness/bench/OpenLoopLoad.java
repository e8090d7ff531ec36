package io.reelay.harness.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * Sends requests at a constant rate whatever the server does (an open loop, like wrk2 or vegeta),
 * and measures each latency from the moment the request was <em>due</em>, not from when it went
 * out: a stalled server then shows up in the percentiles instead of silently lowering the rate
 * (coordinated omission).
 */
public final class OpenLoopLoad {

  /**
   * One request's outcome: its status (0 = no answer: refused, timed out, or still open when the
   * load gave up waiting), the time from its due moment to its answer (or to the give-up), the
   * answer's body, and its {@code Retry-After} header (null when absent).
   */
  public record Answer(long index, int status, long latencyMicros, String body, String retryAfter) {
    static final int NONE = 0;

    boolean answered() {
      return status != NONE;
    }
  }

  private final HttpClient http;
  private final int expectedStatus;

  public OpenLoopLoad(HttpClient http, int expectedStatus) {
    this.http = http;
    this.expectedStatus = expectedStatus;
  }

  /**
   * Sends {@code ratePerSecond × duration} requests, request {@code i} due at {@code i / rate}
   * seconds after the start, and waits for every answer (at most 60 s after the last is due).
   */
  public LoadResult run(double ratePerSecond, Duration duration, LongFunction<HttpRequest> request)
      throws InterruptedException {
    long start = System.nanoTime();
    List<Answer> answers = send(ratePerSecond, duration, request);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Histogram latencies = new Histogram(3);
    Map<Integer, Long> failures = new HashMap<>();
    long succeeded = 0;
    for (Answer answer : answers) {
      if (answer.status() == expectedStatus) {
        latencies.recordValue(Math.max(1, answer.latencyMicros()));
        succeeded++;
      } else {
        failures.merge(answer.status(), 1L, Long::sum);
      }
    }
    return new LoadResult(answers.size(), succeeded, LoadResult.sortedCopy(failures), latencies, elapsed);
  }

  /** As {@link #run}, but answers every request's outcome, in the order they were sent. */
  public List<Answer> send(double ratePerSecond, Duration duration, LongFunction<HttpRequest> request)
      throws InterruptedException {
    long total = Math.round(ratePerSecond * duration.toNanos() / 1e9);
    long intervalNanos = Math.round(1e9 / ratePerSecond);
    List<CompletableFuture<Answer>> answers = new ArrayList<>((int) total);
    List<Long> dues = new ArrayList<>((int) total);
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long index = i;
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      dues.add(due);
      answers.add(
          http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString())
              .handle(
                  (response, failure) -> {
                    long latency = Math.max(1, (System.nanoTime() - due) / 1000);
                    return failure == null
                        ? new Answer(index, response.statusCode(), latency, response.body(),
                            response.headers().firstValue("Retry-After").orElse(null))
                        : new Answer(index, Answer.NONE, latency, null, null);
                  }));
    }
    try {
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the ones still open count as unanswered below
    }
    long gaveUp = System.nanoTime();
    List<Answer> outcomes = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      outcomes.add(answers.get(i).getNow(new Answer(i, Answer.NONE, (gaveUp - dues.get(i)) / 1000, null, null)));
    }
    return outcomes;
  }
}
