package io.reelay.emulators.venice;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A requests-per-window limit per API key over a sliding window: a request is let through when
 * fewer than {@code limit} requests of the same key were let through in the last window. (The
 * shared {@code EmulatorRateLimits} uses fixed windows, which let a client send twice the limit
 * across a window boundary; Venice's limits are stated per rolling minute.) Refused requests do
 * not count.
 */
final class VeniceRateLimits {

  /** The outcome of one request, with what the rate-limit headers report. */
  record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {}

  private final int limit;
  private final long windowMillis;
  private final ConcurrentHashMap<String, ArrayDeque<Long>> admitted = new ConcurrentHashMap<>();

  VeniceRateLimits(int limit, long windowMillis) {
    this.limit = limit;
    this.windowMillis = windowMillis;
  }

  Decision charge(String key, long nowMillis) {
    ArrayDeque<Long> times = admitted.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
        times.pollFirst();
      }
      if (times.size() < limit) {
        times.addLast(nowMillis);
        return new Decision(true, limit, limit - times.size(), 0);
      }
      // the oldest admitted request leaves the window first
      long waitMillis = times.peekFirst() + windowMillis - nowMillis;
      return new Decision(false, limit, 0, Math.max(1, (waitMillis + 999) / 1000));
    }
  }
}
