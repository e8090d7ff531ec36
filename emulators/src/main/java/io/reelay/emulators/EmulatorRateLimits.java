package io.reelay.emulators;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An emulated per-key requests-per-minute limit: a fixed one-minute window per key, opened by the
 * key's first request. Cruder than a token bucket, but it gives clients the same headers and 429s
 * to handle, which is all a test double needs.
 */
public final class EmulatorRateLimits {

  private static final long WINDOW_MILLIS = 60_000;

  /** The outcome of charging one request, with everything the rate-limit headers report. */
  public record Decision(
      boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {}

  private record Window(long startMillis, int requests) {}

  private final int limit;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public EmulatorRateLimits(int limit) {
    this.limit = limit;
  }

  public Decision charge(String key, long nowMillis) {
    Window window =
        windows.compute(
            key,
            (k, current) ->
                current == null || nowMillis >= current.startMillis() + WINDOW_MILLIS
                    ? new Window(nowMillis, 1)
                    : new Window(current.startMillis(), current.requests() + 1));
    long resetMillis = window.startMillis() + WINDOW_MILLIS;
    return new Decision(
        window.requests() <= limit,
        limit,
        Math.max(0, limit - window.requests()),
        Math.floorDiv(resetMillis + 999, 1000),
        Math.max(1, (resetMillis - nowMillis + 999) / 1000));
  }
}
