package io.reelay.app.generations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.app.api.ApiException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading {@code Prefer: wait=N} the way RFC 7240 writes it. */
class WaitPreferenceTest {

  @Test
  void readsTheWaitAmongOtherPreferences() {
    assertEquals(Optional.of(new WaitPreference(10)), WaitPreference.of(List.of("wait=10")));
    assertEquals(Optional.of(new WaitPreference(0)), WaitPreference.of(List.of("wait=0")));
    assertEquals(Optional.of(new WaitPreference(60)), WaitPreference.of(List.of("respond-async, WAIT = 60")));
    assertEquals(Optional.of(new WaitPreference(5)), WaitPreference.of(List.of("return=minimal; foo=bar", "wait=\"5\"; x=1")));
    assertEquals("wait=5", new WaitPreference(5).applied());
  }

  @Test
  void theFirstWaitCountsAndOtherPreferencesAreIgnored() {
    assertEquals(Optional.of(new WaitPreference(3)), WaitPreference.of(List.of("wait=3, wait=99")));
    assertTrue(WaitPreference.of(List.of("respond-async", "handling=lenient, waiting=5")).isEmpty());
    assertTrue(WaitPreference.of(List.of()).isEmpty());
  }

  @Test
  void aWaitOutsideZeroToSixtySecondsIsRefusedNamingTheHeader() {
    for (String bad : List.of("wait=61", "wait=-1", "wait=abc", "wait=", "wait", "wait=1.5", "wait=99999999999")) {
      ApiException e = assertThrows(ApiException.class, () -> WaitPreference.of(List.of(bad)), bad);
      assertEquals(400, e.status().getCode());
      assertEquals("INVALID_PARAMETER", e.code());
      assertEquals("Prefer", e.param());
    }
  }
}
