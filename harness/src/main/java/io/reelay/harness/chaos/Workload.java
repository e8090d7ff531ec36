package io.reelay.harness.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The generations a chaos run asks for, drawn from its seed: both simulated models, about two
 * in three meant to succeed and the rest split between provider failures ({@code [sim:fail]}) and
 * client cancels (of jobs that would never finish, {@code [sim:never]}, so the cancel always wins),
 * each created at a moment spread over the injection window.
 */
final class Workload {

  enum Kind {
    SUCCEED("completed"),
    FAIL("failed"),
    CANCEL("canceled");

    final String expectedStatus;

    Kind(String expectedStatus) {
      this.expectedStatus = expectedStatus;
    }
  }

  /** One generation of the run. */
  record Planned(int index, String model, Kind kind, int seconds, int simDelaySeconds, long startAtMillis, long cancelAfterMillis) {

    String idempotencyKey(long seed) {
      return "chaos-" + seed + "-" + index;
    }

    Map<String, Object> body() {
      String marker =
          switch (kind) {
            case SUCCEED -> "[sim:delay=" + simDelaySeconds + "]";
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
      kinds.add(slot < 13 ? Kind.SUCCEED : slot < 16 ? Kind.FAIL : Kind.CANCEL);
    }
    Collections.shuffle(kinds, random);
    List<Planned> plan = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      plan.add(
          new Planned(
              i,
              i % 2 == 0 ? "sim-fast" : "sim-poll",
              kinds.get(i),
              1 + random.nextInt(3),
              2 + random.nextInt(7),
              (long) (random.nextDouble() * windowMillis),
              1_000 + random.nextInt(7_000)));
    }
    plan.sort(Comparator.comparingLong(Planned::startAtMillis));
    return plan;
  }
}
