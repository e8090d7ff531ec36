package io.reelay.harness.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The generations a chaos run asks for, drawn from its seed: both simulated models; about half
 * meant to succeed, the rest provider failures ({@code [sim:fail]}), client cancels of jobs that
 * would never finish ({@code [sim:never]}, so the cancel always wins) and cancels sent just when
 * the job finishes (either end is right, but the charge must match it). Most are created with an
 * Idempotency-Key and retried through outages; one in ten is sent once without a key, as a
 * careless client does, to hold the API to what its error answers promise; one in ten of the rest
 * is sent twice at once, as an impatient client does. Each is created at a moment spread over the
 * injection window.
 */
final class Workload {

  enum Kind {
    SUCCEED(Set.of("completed")),
    FAIL(Set.of("failed")),
    CANCEL(Set.of("canceled")),
    CANCEL_RACE(Set.of("completed", "canceled"));

    final Set<String> expectedStatuses;

    Kind(Set<String> expectedStatuses) {
      this.expectedStatuses = expectedStatuses;
    }
  }

  /** One generation of the run. */
  record Planned(
      int index, String model, Kind kind, int seconds, int simDelaySeconds, long startAtMillis, long cancelAfterMillis,
      boolean keyed, boolean twice) {

    String idempotencyKey(long seed) {
      return "chaos-" + seed + "-" + index;
    }

    Map<String, Object> body() {
      String marker =
          switch (kind) {
            case SUCCEED, CANCEL_RACE -> "[sim:delay=" + simDelaySeconds + "]";
            case FAIL -> "[sim:fail] [sim:delay=" + simDelaySeconds + "]";
            case CANCEL -> "[sim:never]";
          };
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", model);
      body.put("prompt", "chaos " + index + " " + marker);
      body.put("duration_seconds", seconds);
      body.put("resolution", "480p");
      body.put("seed", index % 7);
      return body;
    }
  }

  private Workload() {}

  /** {@code count} generations in the order they are created. */
  static List<Planned> plan(int count, Random random, long windowMillis) {
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int slot = i % 20;
      kinds.add(slot < 11 ? Kind.SUCCEED : slot < 14 ? Kind.FAIL : slot < 17 ? Kind.CANCEL : Kind.CANCEL_RACE);
    }
    Collections.shuffle(kinds, random);
    List<Planned> plan = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Kind kind = kinds.get(i);
      int simDelay = 2 + random.nextInt(7);
      long cancelAfter =
          kind == Kind.CANCEL_RACE ? Math.max(200, simDelay * 1000L - 1500 + random.nextInt(3000)) : 1_000 + random.nextInt(7_000);
      boolean keyed = random.nextInt(10) != 0;
      plan.add(
          new Planned(
              i,
              i % 2 == 0 ? "sim-fast" : "sim-poll",
              kind,
              1 + random.nextInt(3),
              simDelay,
              (long) (random.nextDouble() * windowMillis),
              cancelAfter,
              keyed,
              keyed && random.nextInt(10) == 0));
    }
    plan.sort(Comparator.comparingLong(Planned::startAtMillis));
    return plan;
  }
}
