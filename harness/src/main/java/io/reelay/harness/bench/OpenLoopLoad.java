package io.reelay.harness.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests at a constant rate whatever the server does (an open loop, like wrk2 or vegeta),
 * and measures each latency from the moment the request was <em>due</em>, not from when it went
 * out: a stalled server then shows up in the percentiles instead of silently lowering the rate
 * (coordinated omission).
 */
public final class OpenLoopLoad {

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
    long total = Math.round(ratePerSecond * duration.toNanos() / 1e9);
    long intervalNanos = Math.round(1e9 / ratePerSecond);
    Recorder recorder = new Recorder(3);
    AtomicLong succeeded = new AtomicLong();
    Map<Integer, Long> failures = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> answers = new ArrayList<>((int) total);
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      answers.add(
          http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding())
              .handle(
                  (response, failure) -> {
                    int status = failure == null ? response.statusCode() : 0;
                    if (status == expectedStatus) {
                      recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                      succeeded.incrementAndGet();
                    } else {
                      failures.merge(status, 1L, Long::sum);
                    }
                    return null;
                  }));
    }
    try {
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // the unanswered ones are counted below as failures with status 0
    }
    long unanswered = answers.stream().filter(a -> !a.isDone()).count();
    if (unanswered > 0) {
      failures.merge(0, unanswered, Long::sum);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Histogram latencies = recorder.getIntervalHistogram();
    return new LoadResult(total, succeeded.get(), LoadResult.sortedCopy(failures), latencies, elapsed);
  }
}
