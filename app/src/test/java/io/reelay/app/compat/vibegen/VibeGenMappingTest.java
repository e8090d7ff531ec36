package io.reelay.app.compat.vibegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.http.HttpStatus;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGenerationRequest;
import io.reelay.activities.generations.GenerationRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The door's pure mappings: statuses, credits, the create's parameters, errors and pages. */
class VibeGenMappingTest {

  @Test
  void canceledRejectedAndExpiredReadAsFailedAndTheFailedFilterFindsThem() {
    assertEquals("pending", TaskStatus.of(GenerationStatus.PENDING).word());
    assertEquals("processing", TaskStatus.of(GenerationStatus.PROCESSING).word());
    assertEquals("completed", TaskStatus.of(GenerationStatus.COMPLETED).word());
    for (GenerationStatus status :
        List.of(GenerationStatus.FAILED, GenerationStatus.CANCELED, GenerationStatus.REJECTED, GenerationStatus.EXPIRED)) {
      assertEquals("failed", TaskStatus.of(status).word(), status.word());
    }
    // a refused create (402) was never a task: listed under no filter
    assertEquals(List.of("failed", "canceled", "expired"), new TaskPages.Query(TaskStatus.FAILED, 20, 0).coreStatusWords());
    assertEquals(
        List.of("pending", "processing", "completed", "failed", "canceled", "expired"),
        new TaskPages.Query(null, 20, 0).coreStatusWords());
    assertEquals(Optional.empty(), TaskStatus.ofWord("canceled"));
  }

  @Test
  void creditsAreUsCentsConvertedExactly() {
    assertEquals(new BigDecimal("25"), Credits.of(250_000));
    assertEquals(new BigDecimal("0.5"), Credits.of(5_000));
    assertEquals(new BigDecimal("0.0001"), Credits.of(1));
    assertEquals("100", Credits.of(1_000_000).toPlainString());
    assertEquals("0", Credits.of(0).toPlainString());
  }

  @Test
  void aCreateTakesTheDocumentsDefaultsAndNamesItsImagesAndModel() {
    CreateGenerationRequest core =
        TaskRequests.toCore(new CreateTaskRequest("Seedance 2.0", "a cat", null, null, null, null, null, null), "sim-studio");
    assertEquals("sim-studio", core.model());
    assertEquals(5, core.durationSeconds());
    assertEquals("16:9", core.aspectRatio());
    assertEquals("480p", core.resolution());
    assertEquals(false, core.audio());
    assertNull(core.imageUrl());
    assertEquals("Seedance 2.0", core.metadata().get("vibegen").get("model").getStringValue());
    assertEquals("text_to_video", core.metadata().get("vibegen").get("task_type").getStringValue());

    CreateGenerationRequest images =
        TaskRequests.toCore(
            new CreateTaskRequest(
                "seedance 2.0", "she smiles", List.of("https://a/1.png", "https://a/2.png"), new BigDecimal("10.0"),
                "adaptive", "1080p", true, "https://hooks.example.com/x"),
            "sim-studio");
    assertEquals(10, images.durationSeconds());
    assertEquals("16:9", images.aspectRatio(), "adaptive takes the default ratio");
    assertEquals("1080p", images.resolution());
    assertEquals(true, images.audio());
    assertEquals("https://a/1.png", images.imageUrl());
    assertEquals(List.of("https://a/2.png"), images.referenceImageUrls());
    assertEquals("https://hooks.example.com/x", images.webhookUrl());
    assertEquals("image_to_video", images.metadata().get("vibegen").get("task_type").getStringValue());
  }

  @Test
  void aCreateOutsideTheDocumentsValuesIsRefusedNamingTheParameter() {
    ApiException missing =
        assertThrows(
            ApiException.class,
            () -> TaskRequests.toCore(new CreateTaskRequest(null, " ", null, null, null, null, null, null), "m"));
    assertEquals("Missing required parameters: model, prompt", missing.getMessage());
    assertEquals("model", missing.param());
    assertEquals("duration", refusal(new CreateTaskRequest("m", "p", null, new BigDecimal("7"), null, null, null, null)));
    assertEquals("duration", refusal(new CreateTaskRequest("m", "p", null, new BigDecimal("5.5"), null, null, null, null)));
    assertEquals("aspect_ratio", refusal(new CreateTaskRequest("m", "p", null, null, "2:1", null, null, null)));
    assertEquals("resolution", refusal(new CreateTaskRequest("m", "p", null, null, null, "4k", null, null)));
    assertEquals("image_urls", refusal(new CreateTaskRequest("m", "p", List.of(""), null, null, null, null, null)));
  }

  @Test
  void errorsTakeTheDocumentsCodesAndParameterNames() {
    assertEquals("INVALID_API_KEY", VibeGenErrorShape.code(401));
    assertEquals("INSUFFICIENT_CREDITS", VibeGenErrorShape.code(402));
    assertEquals("TASK_NOT_FOUND", VibeGenErrorShape.code(404));
    assertEquals("RATE_LIMIT_EXCEEDED", VibeGenErrorShape.code(429));
    assertEquals("INVALID_PARAMETER", VibeGenErrorShape.code(400));
    assertEquals("INVALID_PARAMETER", VibeGenErrorShape.code(413));
    assertEquals("PROVIDER_ERROR", VibeGenErrorShape.code(502));
    assertEquals("INTERNAL_ERROR", VibeGenErrorShape.code(503));
    assertEquals("INTERNAL_ERROR", VibeGenErrorShape.code(500));

    assertEquals(
        "callback_url: webhook URL must not carry user info",
        VibeGenErrorShape.message(ApiException.invalid("webhook_url", "webhook URL must not carry user info")));
    assertEquals(
        "duration must be one of [5, 10] for m",
        VibeGenErrorShape.message(ApiException.invalid("duration_seconds", "duration_seconds must be one of [5, 10] for m")));
    assertEquals(
        "image_urls could not be fetched",
        VibeGenErrorShape.message(ApiException.invalid("reference_image_urls", "reference_image_urls could not be fetched")));
    assertEquals("Task not found", VibeGenErrorShape.message(new ApiException(HttpStatus.NOT_FOUND, "TASK_NOT_FOUND", "Task not found")));
  }

  @Test
  void pagesCountFromOneByOffsetAndLimit() {
    TaskPages.Query query = TaskPages.Query.parse("completed", "10", null);
    assertEquals(new TaskPages.Query(TaskStatus.COMPLETED, 10, 0), query);
    assertEquals(new TaskList.Pagination(1, 10, 1, 1), query.pagination(1));
    assertEquals(new TaskList.Pagination(1, 20, 0, 0), TaskPages.Query.parse(null, null, null).pagination(0));
    assertEquals(new TaskList.Pagination(3, 2, 5, 3), TaskPages.Query.parse("", "2", "4").pagination(5));
    for (String[] bad : new String[][] {{"done", null, null}, {null, "0", null}, {null, "101", null}, {null, "x", null}, {null, null, "-1"}}) {
      assertThrows(ApiException.class, () -> TaskPages.Query.parse(bad[0], bad[1], bad[2]));
    }
  }

  @Test
  void aTaskAndItsCallbacksSayWhatEndedItAndWhen() {
    Instant created = Instant.parse("2026-03-10T10:00:00Z");
    Instant ended = Instant.parse("2026-03-10T10:02:30Z");
    TaskViews.Kept kept = new TaskViews.Kept("Seedance 2.0", "image_to_video");

    GenerationRecord done = record(GenerationStatus.COMPLETED, null, null, created, ended, null);
    Task task = TaskViews.task(done, kept, "https://v/1.mp4");
    assertEquals(
        new Task(done.id(), "completed", "Seedance 2.0", "image_to_video", "a fox", "https://v/1.mp4", created, ended, null, null),
        task);
    assertEquals(
        new TaskCallback("task.completed", done.id(), "completed", "https://v/1.mp4", null, null, created, ended, null),
        TaskViews.callback(done, "task.completed", "https://v/1.mp4"));

    GenerationRecord failed = record(GenerationStatus.FAILED, "PROVIDER_FAILED", "Content policy violation", created, ended, null);
    assertEquals(
        new Task(failed.id(), "failed", "sim-studio", "text_to_video", "a fox", null, created, null,
            "Content policy violation", "Content policy violation"),
        TaskViews.task(failed, new TaskViews.Kept(null, null), null));
    assertEquals(
        new TaskCallback("task.failed", failed.id(), "failed", null, "Content policy violation", "Content policy violation",
            created, null, ended),
        TaskViews.callback(failed, "task.failed", null));

    assertEquals("canceled: by the client", TaskViews.failureReason(record(GenerationStatus.CANCELED, "CANCELED", "by the client", created, ended, null)));
    assertEquals("rejected: no credits", TaskViews.failureReason(record(GenerationStatus.REJECTED, "INSUFFICIENT_CREDITS", "no credits", created, ended, null)));
    Instant expired = Instant.parse("2026-03-17T10:02:30Z");
    assertEquals(
        "expired: the video was deleted by retention at 2026-03-17T10:02:30Z after it completed at 2026-03-10T10:02:30Z",
        TaskViews.failureReason(record(GenerationStatus.EXPIRED, null, null, created, ended, expired)));
    assertNull(TaskViews.failureReason(record(GenerationStatus.PROCESSING, null, null, created, null, null)));
  }

  private static GenerationRecord record(
      GenerationStatus status, String code, String message, Instant created, Instant ended, Instant expired) {
    return new GenerationRecord(
        UUID.randomUUID(), UUID.randomUUID(), "sim-studio", "sim", status, 0, "a fox", null, 5, "16:9", "480p", null, false,
        null, null, 250_000, null, null, null, null, null, null, null, null, code, message, created, ended, null, expired,
        "vibegen");
  }

  private static String refusal(CreateTaskRequest body) {
    return assertThrows(ApiException.class, () -> TaskRequests.toCore(body, "m")).param();
  }
}
