package io.reelay.app.temporal;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows the threads that run activities in this worker, so a stopping worker can interrupt them
 * itself once its grace period is over, without the SDK's {@code shutdownNow}: that interrupts
 * them too, but again while they report their failed attempt, and cancels the report.
 */
final class RunningActivities extends WorkerInterceptorBase {

  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        Thread current = Thread.currentThread();
        threads.add(current);
        try {
          return super.execute(input);
        } finally {
          // the interrupt was meant for the activity's work; the SDK reports its result from this
          // thread next, and a blocking gRPC call on an interrupted thread would fail at once.
          // Under the lock, so interruptAll cannot reach the thread once it is cleared.
          synchronized (RunningActivities.this) {
            threads.remove(current);
            Thread.interrupted();
          }
        }
      }
    };
  }

  /** Interrupts every running activity; answers how many there were. */
  synchronized int interruptAll() {
    int interrupted = 0;
    for (Thread thread : threads) {
      thread.interrupt();
      interrupted++;
    }
    return interrupted;
  }
}
