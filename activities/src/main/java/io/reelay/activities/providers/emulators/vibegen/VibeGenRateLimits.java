package io.reelay.activities.providers.emulators.vibegen;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One of VibeGen's per-key per-minute limits (task creations, or queries) as a fixed one-minute
 * window per key, opened by the key's first request. Cruder than a token bucket, but it gives
 * clients the same 429s to handle, which is all a test double needs.
 */
final class VibeGenRateLimits {

  private static final long WINDOW_MILLIS = 60_000;

  /** The outcome of charging one request. */
  record Decision(boolean allowed, long retryAfterSeconds) {}

  private record Window(long startMillis, int requests) {}

  private final int limit;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  VibeGenRateLimits(int limit) {
    this.limit = limit;
  }

  Decision charge(String key, long nowMillis) {
    Window window =
        windows.compute(
            key,
            (k, current) ->
                current == null || nowMillis >= current.startMillis() + WINDOW_MILLIS
                    ? new Window(nowMillis, 1)
                    : new Window(current.startMillis(), current.requests() + 1));
    long resetMillis = window.startMillis() + WINDOW_MILLIS;
    return new Decision(window.requests() <= limit, Math.max(1, (resetMillis - nowMillis + 999) / 1000));
  }
}
