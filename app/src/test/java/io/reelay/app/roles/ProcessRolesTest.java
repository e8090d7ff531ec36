package io.reelay.app.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRolesTest {

  @Test
  void apiWorkerOrBoth() {
    ProcessRoles both = new ProcessRoles(List.of(" Worker", "api"));
    assertTrue(both.api() && both.worker());
    assertEquals(List.of("api", "worker"), both.names());
    ProcessRoles worker = new ProcessRoles(List.of("worker"));
    assertFalse(worker.api());
    assertTrue(worker.worker());
  }

  @Test
  void anUnknownOrEmptyRoleFailsAtStartup() {
    var typo = assertThrows(IllegalArgumentException.class, () -> new ProcessRoles(List.of("api", "wokrer")));
    assertTrue(typo.getMessage().contains("wokrer") && typo.getMessage().contains("REELAY_ROLES"), typo.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ProcessRoles(List.of(" ")));
  }
}
