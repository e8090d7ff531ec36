package io.reelay.app.compat.videogenapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VideoGenApiIdsTest {

  @Test
  void anIdHasTheDocumentsShapeAndGivesBackItsUuid() {
    List<UUID> ids =
        List.of(
            UUID.randomUUID(),
            UUID.randomUUID(),
            new UUID(0, 0),
            new UUID(-1, -1),
            UUID.fromString("686717fe-97bd-3055-8670-0000000000ff"));
    for (UUID id : ids) {
      String door = VideoGenApiIds.of(id);
      assertTrue(door.matches("gen_[0-9a-f]{13}_[0-9]{23}"), door);
      assertEquals(Optional.of(id), VideoGenApiIds.parse(door), door);
    }
    assertEquals("gen_686717fe97bd3_00000000000000000000000", VideoGenApiIds.of(UUID.fromString("686717fe-97bd-3000-0000-000000000000")));
  }

  @Test
  void anythingElseIsNoId() {
    for (String id :
        new String[] {
          null,
          "",
          // the document's own example: its ids are shorter than ours
          "gen_686717fe97bd3_055867",
          "GEN_686717FE97BD3_00000000000000000000000",
          "gen_686717fe97bd3_0000000000000000000000",
          UUID.randomUUID().toString(),
          // 76 bits hold at most 75557863725914323419135
          "gen_686717fe97bd3_75557863725914323419136",
          "gen_686717fe97bd3_99999999999999999999999"
        }) {
      assertEquals(Optional.empty(), VideoGenApiIds.parse(id), String.valueOf(id));
    }
    assertTrue(VideoGenApiIds.parse("gen_686717fe97bd3_75557863725914323419135").isPresent());
  }
}
