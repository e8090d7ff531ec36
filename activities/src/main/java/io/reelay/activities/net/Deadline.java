package io.reelay.activities.net;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** The moment an outbound call must be done by, shared by every connect and read of all its hops. */
public record Deadline(long nanoTime) {

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** Milliseconds left, at least 1 (0 would mean "no timeout" to a socket). */
  public int remainingMillis() throws SocketTimeoutException {
    long left = nanoTime - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
  }

  /** Whether the moment has come. */
  public boolean passed() {
    return System.nanoTime() - nanoTime >= 0;
  }
}
