package io.reelay.app.compat.vibegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.serde.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The door's records write the document's bytes: its field names, nulls, and empty lists. */
class VibeGenWireTest {

  private static final UUID ID = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
  private static final Instant CREATED = Instant.parse("2025-03-10T10:00:00Z");
  private static final Instant ENDED = Instant.parse("2025-03-10T10:02:30Z");

  private static ObjectMapper.CloseableObjectMapper json;

  @BeforeAll
  static void mapper() {
    json = ObjectMapper.create(Map.of(), "io.reelay.app.compat.vibegen");
  }

  @AfterAll
  static void close() {
    json.close();
  }

  @Test
  void aFailedTaskInAPageWritesEveryFieldAndBothReasonNames() throws Exception {
    Task task = new Task(ID, "failed", "seedance 2.0", "text_to_video", "a city", null, CREATED, null, "policy", "policy");
    assertEquals(
        "{\"success\":true,\"data\":{\"tasks\":[{\"id\":\"550e8400-e29b-41d4-a716-446655440000\",\"status\":\"failed\","
            + "\"model\":\"seedance 2.0\",\"task_type\":\"text_to_video\",\"prompt\":\"a city\",\"video_url\":null,"
            + "\"created_at\":\"2025-03-10T10:00:00Z\",\"completed_at\":null,\"error\":\"policy\",\"error_message\":\"policy\"}],"
            + "\"pagination\":{\"page\":1,\"pageSize\":10,\"total\":1,\"total_pages\":1}}}",
        text(VibeGenResponse.of(new TaskList(List.of(task), new TaskList.Pagination(1, 10, 1, 1)))));
    assertEquals(
        "{\"success\":true,\"data\":{\"tasks\":[],\"pagination\":{\"page\":1,\"pageSize\":20,\"total\":0,\"total_pages\":0}}}",
        text(VibeGenResponse.of(new TaskList(List.of(), new TaskList.Pagination(1, 20, 0, 0)))));
  }

  @Test
  void callbacksCarryOnlyTheirEventsFields() throws Exception {
    assertEquals(
        "{\"event\":\"task.completed\",\"task_id\":\"550e8400-e29b-41d4-a716-446655440000\",\"status\":\"completed\","
            + "\"video_url\":\"https://v/1.mp4\",\"created_at\":\"2025-03-10T10:00:00Z\",\"completed_at\":\"2025-03-10T10:02:30Z\"}",
        text(new TaskCallback("task.completed", ID, "completed", "https://v/1.mp4", null, null, CREATED, ENDED, null)));
    assertEquals(
        "{\"event\":\"task.failed\",\"task_id\":\"550e8400-e29b-41d4-a716-446655440000\",\"status\":\"failed\","
            + "\"error_message\":\"policy\",\"error\":\"policy\",\"created_at\":\"2025-03-10T10:00:00Z\","
            + "\"failed_at\":\"2025-03-10T10:02:30Z\"}",
        text(new TaskCallback("task.failed", ID, "failed", null, "policy", "policy", CREATED, null, ENDED)));
  }

  @Test
  void anErrorIsTheDocumentsEnvelope() throws Exception {
    assertEquals(
        "{\"error\":{\"code\":\"TASK_NOT_FOUND\",\"message\":\"Task not found\"}}",
        text(VibeGenError.of("TASK_NOT_FOUND", "Task not found")));
  }

  private static String text(Object value) throws Exception {
    return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
  }
}
