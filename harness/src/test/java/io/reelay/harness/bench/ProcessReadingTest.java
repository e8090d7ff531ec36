package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProcessReadingTest {

  @Test
  void readsTheHeapInUseFromJcmdOfJava17AndOfJava25() {
    assertEquals(123456, ProcessReading.heapUsedKb(
        "12345:\n garbage-first heap   total 262144K, used 123456K [0x0000000080000000, 0x0000000100000000)\n"
            + "  region size 1024K, 6 young (6144K), 0 survivors (0K)\n"));
    assertEquals(181913, ProcessReading.heapUsedKb(
        "25962:\ngarbage-first heap   total reserved 2097152K, committed 299008K, used 181913K [0x0000000080000000)\n"
            + " region size 1024K, 6 young (6144K), 0 survivors (0K)\n"));
  }

  @Test
  void readsTheHeapInUseOfZgc() {
    assertEquals(72 * 1024, ProcessReading.heapUsedKb(
        "5439:\nZHeap            used 72M, capacity 378M, max capacity 2048M\n Cache           306M (1)\n  size classes   256M (1)\n"));
    assertEquals(3 * 1024 * 1024, ProcessReading.heapUsedKb("5439:\nZHeap            used 3G, capacity 4G, max capacity 8G\n"));
  }

  @Test
  void anAnswerWithoutHeapUsageIsAnErrorNotAZero() {
    assertThrows(IllegalStateException.class, () -> ProcessReading.heapUsedKb("25962:\nsome other output\n"));
  }
}
