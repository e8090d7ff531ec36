package io.reelay.harness.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A fixed number of clients, each sending its next request as soon as the previous one is
 * answered (a closed loop, like wrk): it measures the most requests per second the server serves
 * to that many clients, and their latencies.
 */
public final class ClosedLoopLoad {

  private final HttpClient http;
  private final int expectedStatus;

  public ClosedLoopLoad(HttpClient http, int expectedStatus) {
    this.http = http;
    this.expectedStatus = expectedStatus;
  }

  public LoadResult run(int clients, Duration duration, LongFunction<HttpRequest> request)
      throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong sent = new AtomicLong();
    AtomicLong succeeded = new AtomicLong();
    Map<Integer, Long> failures = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread client =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long n = sent.getAndIncrement();
                  long began = System.nanoTime();
                  int status;
                  try {
                    status = http.send(request.apply(n), HttpResponse.BodyHandlers.discarding()).statusCode();
                  } catch (IOException e) {
                    status = 0;
                  } catch (InterruptedException e) {
                    return;
                  }
                  if (status == expectedStatus) {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - began) / 1000));
                    succeeded.incrementAndGet();
                  } else {
                    failures.merge(status, 1L, Long::sum);
                  }
                }
              },
              "bench-client-" + c);
      threads.add(client);
      client.start();
    }
    for (Thread client : threads) {
      client.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Histogram latencies = recorder.getIntervalHistogram();
    return new LoadResult(sent.get(), succeeded.get(), LoadResult.sortedCopy(failures), latencies, elapsed);
  }
}
