package io.reelay.workflows.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CostAndMoneyTest {

  @Test
  void costOfBillsTheRealDurationAtThePerSecondRate() {
    assertEquals(500_000, GenerationWorkflowImpl.costOf(5_000, 100_000));
    // the Vinci docs' example: a 5.2 s video at $0.05/s costs $0.26
    assertEquals(260_000, GenerationWorkflowImpl.costOf(5_200, 50_000));
    assertEquals(1_080_250, GenerationWorkflowImpl.costOf(4_321, 250_000));
    assertEquals(0, GenerationWorkflowImpl.costOf(0, 100_000));
    assertEquals(0, GenerationWorkflowImpl.costOf(5_000, 0));
  }

  @Test
  void costOfRoundsHalfAMicroUp() {
    // 1 ms at 499 µ$/s = 0.499 µ$ -> 0; at 500 µ$/s = 0.5 µ$ -> 1; at 1499 -> 1.499 -> 1
    assertEquals(0, GenerationWorkflowImpl.costOf(1, 499));
    assertEquals(1, GenerationWorkflowImpl.costOf(1, 500));
    assertEquals(1, GenerationWorkflowImpl.costOf(1, 1_499));
    assertEquals(2, GenerationWorkflowImpl.costOf(1, 1_500));
  }

  @Test
  void moneyFormatsMicroUsdWithAtLeastTwoDecimals() {
    assertEquals("$0.25", Money.usd(250_000));
    assertEquals("$0.00", Money.usd(0));
    assertEquals("$1.00", Money.usd(Money.MICROS_PER_USD));
    assertEquals("$10.00", Money.usd(10_000_000));
    assertEquals("$12.34", Money.usd(12_340_000));
    assertEquals("$0.50", Money.usd(500_000));
  }

  @Test
  void moneyKeepsSubCentPrecision() {
    assertEquals("$1.2345", Money.usd(1_234_500));
    assertEquals("$0.000001", Money.usd(1));
    assertEquals("$0.001", Money.usd(1_000));
  }
}
