package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.harness.chaos.StackDatabase.AccountMoney;
import io.reelay.harness.chaos.StackDatabase.Captures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BurstSettlementTest {

  @Test
  void eachAdmittedGenerationIsCountedByHowItEndedAndWhatItWasCharged() {
    Map<String, String> statuses =
        Map.of("done", "completed", "twice", "completed", "unpaid", "completed", "broke", "failed", "busy", "processing",
            "late", "failed");
    Map<String, Captures> captures =
        Map.of("done", new Captures(1, 100_000), "twice", new Captures(2, 200_000), "late", new Captures(1, 100_000),
            "earlier", new Captures(1, 100_000));
    // credit 10 USD; the ledger holds 0.5 USD of captures; the API says 9.4 USD: 0.1 USD went elsewhere
    AccountMoney money = new AccountMoney(10_000_000, 500_000, 100_000, 500_000);

    BurstSettlement settled =
        BurstSettlement.of(List.of("done", "twice", "unpaid", "broke", "busy"), statuses, captures, money, 9_400_000);

    assertEquals(3, settled.completed());
    assertEquals(1, settled.endedOtherwise());
    assertEquals(1, settled.notTerminal());
    assertEquals(6, settled.started(), "'late' was started although its create was not admitted");
    assertEquals(2, settled.completedNotCapturedOnce(), "'twice' and 'unpaid'");
    assertEquals(1, settled.capturedNotCompleted(), "'late'; 'earlier' is not the burst's");
    assertEquals(-100_000, settled.balanceOffMicros());
    assertEquals(100_000, settled.reservedMicros());
  }

  @Test
  void aBurstHasEndedWhenEveryGenerationIsInAFinalStatus() {
    assertTrue(BurstSettlement.allEnded(List.of("completed", "failed", "canceled", "rejected")));
    assertFalse(BurstSettlement.allEnded(List.of("completed", "pending")));
  }
}
