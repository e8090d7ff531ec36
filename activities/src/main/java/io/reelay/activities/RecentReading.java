package io.reelay.activities;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value (a count, a sum) read from PostgreSQL at most once per {@code maxAge}: callers in between (other
 * requests, metric scrapes) get the last reading, and one caller at a time reads a fresh one, so
 * asking often costs one query per interval however many ask.
 */
public final class RecentReading<T> {

  private final Supplier<T> read;
  private final long maxAgeNanos;
  private final Object reading = new Object();
  private volatile Sample<T> last;

  public RecentReading(Supplier<T> read, Duration maxAge) {
    this.read = read;
    this.maxAgeNanos = maxAge.toNanos();
  }

  public T value() {
    Sample<T> sample = last;
    if (sample != null && System.nanoTime() - sample.readAtNanos() < maxAgeNanos) {
      return sample.value();
    }
    synchronized (reading) { // one reader at a time; the others take the fresh value it read
      sample = last;
      if (sample == null || System.nanoTime() - sample.readAtNanos() >= maxAgeNanos) {
        sample = new Sample<>(read.get(), System.nanoTime());
        last = sample;
      }
      return sample.value();
    }
  }

  private record Sample<T>(T value, long readAtNanos) {}
}
