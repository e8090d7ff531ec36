package io.reelay.harness.chaos;

import io.reelay.stack.ReelayStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The process faults of a chaos run, at moments drawn from its seed within the injection window:
 * SIGKILLs of the app (API and worker), a restart of the Temporal dev server and one of
 * PostgreSQL. They run one after another, each waiting until the stack is back.
 */
final class FaultInjector implements Runnable {

  enum Fault {
    APP_SIGKILL("app SIGKILLs"),
    TEMPORAL_RESTART("Temporal restarts"),
    POSTGRES_RESTART("PostgreSQL restarts");

    final String label;

    Fault(String label) {
      this.label = label;
    }
  }

  /** A fault due at {@code atMillis} into the run; it stays down for {@code downMillis}. */
  record Scheduled(Fault fault, long atMillis, long downMillis) {}

  private final ReelayStack stack;
  private final List<Scheduled> schedule;
  private final long startNanos;
  private final Consumer<String> log;
  private final Map<Fault, Integer> injected = Collections.synchronizedMap(new EnumMap<>(Fault.class));
  private volatile Exception failure;

  FaultInjector(ReelayStack stack, List<Scheduled> schedule, long startNanos, Consumer<String> log) {
    this.stack = stack;
    this.schedule = schedule;
    this.startNanos = startNanos;
    this.log = log;
  }

  /** {@code appKills} kills and one restart of each server, in the middle 80 % of the window. */
  static List<Scheduled> schedule(int appKills, Random random, long windowMillis) {
    List<Fault> faults = new ArrayList<>(Collections.nCopies(appKills, Fault.APP_SIGKILL));
    faults.add(Fault.TEMPORAL_RESTART);
    faults.add(Fault.POSTGRES_RESTART);
    List<Scheduled> schedule = new ArrayList<>();
    for (Fault fault : faults) {
      schedule.add(
          new Scheduled(
              fault, (long) (windowMillis * (0.1 + 0.8 * random.nextDouble())), 1_000 + random.nextInt(5_000)));
    }
    schedule.sort(Comparator.comparingLong(Scheduled::atMillis));
    return schedule;
  }

  @Override
  public void run() {
    try {
      for (Scheduled next : schedule) {
        long wait = next.atMillis() - elapsedMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        Duration down = Duration.ofMillis(next.downMillis());
        switch (next.fault()) {
          case APP_SIGKILL -> {
            log.accept("SIGKILL the app (pid " + stack.appPid() + "), down for " + down.toMillis() + " ms");
            stack.killApp();
            injected.merge(next.fault(), 1, Integer::sum);
            Thread.sleep(down.toMillis());
            stack.startApp();
          }
          case TEMPORAL_RESTART -> {
            log.accept("restart the Temporal dev server, down for " + down.toMillis() + " ms");
            stack.restartTemporal(down);
            injected.merge(next.fault(), 1, Integer::sum);
          }
          case POSTGRES_RESTART -> {
            log.accept("restart PostgreSQL, down for " + down.toMillis() + " ms");
            stack.restartPostgres(down);
            injected.merge(next.fault(), 1, Integer::sum);
          }
        }
        log.accept(next.fault().label + ": back");
      }
    } catch (Exception e) {
      failure = e;
      log.accept("fault injection failed: " + e);
    }
  }

  Map<Fault, Integer> injected() {
    synchronized (injected) {
      return new EnumMap<>(injected);
    }
  }

  /** Why injecting stopped early (the stack did not come back), if it did. */
  Exception failure() {
    return failure;
  }

  private long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
