package io.reelay.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.harness.bench.OpenLoopLoad.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BurstTallyTest {

  private static final String OVERLOADED = "{\"error\":{\"code\":\"OVERLOADED\",\"message\":\"busy\"}}";

  @Test
  void answersAreSortedIntoAdmittedShedAndOtherAndTimedAgainstOneSecond() {
    List<Answer> answers =
        List.of(
            new Answer(0, 201, 40_000, "{\"id\":\"a\",\"status\":\"pending\"}", null),
            new Answer(1, 201, 1_500_000, "{\"id\":\"b\",\"status\":\"pending\"}", null),
            new Answer(2, 503, 5_000, OVERLOADED, "2"),
            new Answer(3, 503, 6_000, OVERLOADED, null),
            new Answer(4, 503, 30_000_000, "{\"error\":{\"code\":\"ADMISSION_TIMEOUT\",\"message\":\"x\"}}", "1"),
            new Answer(5, 202, 30_000_000, "{\"id\":\"c\",\"status\":\"pending\"}", null),
            new Answer(6, 0, 60_000_000, null, null));

    BurstTally tally = BurstTally.of(answers);

    assertEquals(7, tally.requests());
    assertEquals(3, tally.answeredInTime(), "a, and the two sheds");
    assertEquals(4, tally.answeredLateOrNot());
    assertEquals(2, tally.admitted());
    assertEquals(List.of("a", "b"), tally.admittedIds());
    assertEquals(2, tally.shed());
    assertEquals(1, tally.shedWithoutRetryAfter());
    assertEquals(Map.of(0, 1, 202, 1, 503, 1), tally.otherByStatus(), "a 503 that is not OVERLOADED is no shed");
    assertEquals(1500, tally.admittedMillisAt(99), 2);
    assertEquals(40, tally.admittedMillisAt(50), 0.1);
  }

  @Test
  void anAppThatNeverShedsShowsNoneAndABodyThatIsNoJsonCountsByItsStatus() {
    BurstTally tally =
        BurstTally.of(List.of(new Answer(0, 201, 10_000, "{\"id\":\"a\"}", null), new Answer(1, 502, 10_000, "<html>bad gateway</html>", null)));

    assertEquals(0, tally.shed());
    assertEquals(Map.of(502, 1), tally.otherByStatus());
    assertEquals(2, tally.answeredInTime());
  }

  @Test
  void theTailIsToldPerSliceOfTheBurstByDueMoment() {
    // 2 creates a second, 1 s slices: indexes 0-1 in the first, 2-3 in the second, 4-5 in the third
    List<Answer> answers =
        List.of(
            new Answer(0, 201, 20_000, "{\"id\":\"a\"}", null),
            new Answer(1, 201, 30_000, "{\"id\":\"b\"}", null),
            new Answer(2, 201, 300_000, "{\"id\":\"c\"}", null),
            new Answer(3, 503, 1_000, OVERLOADED, "5"),
            new Answer(4, 503, 1_000, OVERLOADED, "5"),
            new Answer(5, 0, 30_000_000, null, null),
            new Answer(6, 201, 50_000, "{\"id\":\"d\"}", null));

    List<Double> p99 = BurstTally.admittedMillisBySlice(answers, 2, 1, 99);

    assertEquals(4, p99.size());
    assertEquals(30, p99.get(0), 0.1);
    assertEquals(300, p99.get(1), 0.5, "only the admitted count: the shed one is no latency");
    assertTrue(p99.get(2).isNaN(), "nothing admitted in that second");
    assertEquals(50, p99.get(3), 0.1);
  }
}
