package io.reelay.harness.bench;

import io.reelay.harness.chaos.StackDatabase.AccountMoney;
import io.reelay.harness.chaos.StackDatabase.Captures;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a burst's generations ended and what they were charged, once they had time to finish.
 *
 * @param started                   generations of the burst the account has (from PostgreSQL): a
 *                                  shed create must have started none, so with shedding this
 *                                  equals the number admitted
 * @param completedNotCapturedOnce  completed admitted generations without exactly one capture
 * @param capturedNotCompleted      the burst's generations charged although they did not complete
 * @param balanceOffMicros          the API's balance minus (the account's credit minus every
 *                                  capture in its ledger): 0 unless something was charged beside
 *                                  the captures
 * @param reservedMicros            money still held once every generation ended: 0
 */
public record BurstSettlement(
    int completed, int endedOtherwise, int notTerminal, int started, int completedNotCapturedOnce,
    int capturedNotCompleted, long balanceOffMicros, long reservedMicros) {

  /** The statuses after which nothing happens to a generation any more (the read model's words). */
  static final Set<String> TERMINAL = Set.of("completed", "failed", "canceled", "rejected", "expired");

  /**
   * @param admittedIds   the burst's creates answered 201
   * @param statuses      every generation of the burst the account has, by id
   * @param captures      the account's capture entries, by generation
   * @param balanceMicros the account's balance as {@code GET /v1/balance} answers it
   */
  public static BurstSettlement of(
      List<String> admittedIds, Map<String, String> statuses, Map<String, Captures> captures,
      AccountMoney money, long balanceMicros) {
    int completed = 0;
    int endedOtherwise = 0;
    int notTerminal = 0;
    int completedNotCapturedOnce = 0;
    for (String id : admittedIds) {
      String status = statuses.getOrDefault(id, "missing");
      Captures captured = captures.get(id);
      if (status.equals("completed")) {
        completed++;
        if (captured == null || captured.count() != 1) {
          completedNotCapturedOnce++;
        }
      } else if (TERMINAL.contains(status)) {
        endedOtherwise++;
      } else {
        notTerminal++;
      }
    }
    int capturedNotCompleted = 0;
    for (Map.Entry<String, String> generation : statuses.entrySet()) {
      if (!generation.getValue().equals("completed") && captures.containsKey(generation.getKey())) {
        capturedNotCompleted++;
      }
    }
    return new BurstSettlement(
        completed, endedOtherwise, notTerminal, statuses.size(), completedNotCapturedOnce, capturedNotCompleted,
        balanceMicros - (money.credits() - money.capturedInLedger()), money.reserved());
  }

  /** Whether every generation of the burst (admitted or not) has ended. */
  static boolean allEnded(Collection<String> statuses) {
    return statuses.stream().allMatch(TERMINAL::contains);
  }
}
