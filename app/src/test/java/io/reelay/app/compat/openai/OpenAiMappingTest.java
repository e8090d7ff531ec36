package io.reelay.app.compat.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import java.time.Instant;
import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGenerationRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The OpenAI door's pure translations: ids, sizes, seconds, statuses, input references, errors. */
class OpenAiMappingTest {

  @Test
  void aVideoIdIsTheGenerationsUuidInHexAndTurnsBackIntoIt() {
    UUID generation = UUID.fromString("0b4c2f1e-8d3a-4c5b-9e6f-7a8b9c0d1e2f");
    String id = VideoIds.of(generation);
    assertEquals("video_0b4c2f1e8d3a4c5b9e6f7a8b9c0d1e2f", id);
    assertEquals(Optional.of(generation), VideoIds.parse(id));
    assertEquals(Optional.of(generation), VideoIds.parse(id.toUpperCase().replace("VIDEO_", "video_")));
    // the native id works too
    assertEquals(Optional.of(generation), VideoIds.parse(generation.toString()));
    for (String bad : List.of("video_", "video_xyz", "video_0b4c2f1e8d3a4c5b9e6f7a8b9c0d1e2", "1-2-3-4-5", "", "vid_0b4c2f1e8d3a4c5b9e6f7a8b9c0d1e2f")) {
      assertEquals(Optional.empty(), VideoIds.parse(bad), bad);
    }
  }

  @Test
  void sizesBecomeAspectRatioAndResolutionAndBack() {
    Map<String, List<String>> expected =
        Map.of(
            "1280x720", List.of("16:9", "720p"),
            "720x1280", List.of("9:16", "720p"),
            "1792x1024", List.of("16:9", "1080p"),
            "1024x1792", List.of("9:16", "1080p"));
    expected.forEach(
        (word, pair) -> {
          VideoSize size = VideoSize.of(word).orElseThrow();
          assertEquals(pair, List.of(size.aspectRatio(), size.resolution()));
          assertEquals(word, VideoSize.describe(size.aspectRatio(), size.resolution()));
        });
    assertEquals(Optional.empty(), VideoSize.of("640x480"));
    // generations made elsewhere show their nominal frame size
    assertEquals("480x480", VideoSize.describe("1:1", "480p"));
    assertEquals("854x480", VideoSize.describe("16:9", "480p"));
    assertEquals("960x720", VideoSize.describe("4:3", "720p"));
    assertEquals("480x1120", VideoSize.describe("9:21", "480p"));
  }

  @Test
  void aCreateBecomesTheNativeFieldsWithTheDocumentedDefaults() {
    CreateGenerationRequest defaults = VideoOrders.toNative("sim-studio", "a fox", null, null, null);
    assertEquals("sim-studio", defaults.model());
    assertEquals(4, defaults.durationSeconds());
    assertEquals("9:16", defaults.aspectRatio());
    assertEquals("720p", defaults.resolution());
    CreateGenerationRequest wide = VideoOrders.toNative("sim-studio", "a fox", "12", "1792x1024", "data:image/png;base64,AA==");
    assertEquals(12, wide.durationSeconds());
    assertEquals("16:9", wide.aspectRatio());
    assertEquals("1080p", wide.resolution());
    assertEquals("data:image/png;base64,AA==", wide.imageUrl());
    assertEquals("seconds", assertThrows(ApiException.class, () -> VideoOrders.toNative("m", "p", "5", null, null)).param());
    assertEquals("size", assertThrows(ApiException.class, () -> VideoOrders.toNative("m", "p", "8", "640x480", null)).param());
  }

  @Test
  void secondsIsAStringOrAWholeNumber() {
    assertEquals("8", VideoOrders.seconds(JsonNode.createStringNode("8")));
    assertEquals("8", VideoOrders.seconds(JsonNode.createNumberNode(8)));
    assertNull(VideoOrders.seconds(null));
    assertNull(VideoOrders.seconds(JsonNode.nullNode()));
    assertThrows(ApiException.class, () -> VideoOrders.seconds(JsonNode.createNumberNode(8.5)));
    assertThrows(ApiException.class, () -> VideoOrders.seconds(JsonNode.createBooleanNode(true)));
  }

  @Test
  void anInputReferenceIsAnImageUrlObjectOrAUrlButNeverAFileId() {
    assertEquals(
        "https://example.com/a.png",
        VideoOrders.imageUrl(JsonNode.createObjectNode(Map.of("image_url", JsonNode.createStringNode("https://example.com/a.png")))));
    assertEquals("https://example.com/a.png", VideoOrders.imageUrl(JsonNode.createStringNode("https://example.com/a.png")));
    assertNull(VideoOrders.imageUrl(null));
    ApiException fileId =
        assertThrows(
            ApiException.class,
            () -> VideoOrders.imageUrl(JsonNode.createObjectNode(Map.of("file_id", JsonNode.createStringNode("file-1")))));
    assertEquals("input_reference", fileId.param());
    assertThrows(ApiException.class, () -> VideoOrders.imageUrl(JsonNode.createNumberNode(1)));
    assertThrows(
        ApiException.class,
        () ->
            VideoOrders.imageUrl(
                JsonNode.createObjectNode(
                    Map.of("image_url", JsonNode.createStringNode("https://x/a.png"), "detail", JsonNode.createStringNode("high")))));
    VideoOrders.checkCharacters(List.of());
    assertEquals("character_ids", assertThrows(ApiException.class, () -> VideoOrders.checkCharacters(List.of("c1"))).param());
  }

  @Test
  void reelayStatusesBecomeTheFourVideoStatuses() {
    assertEquals(VideoStatus.QUEUED, VideoStatus.of(GenerationStatus.PENDING));
    assertEquals(VideoStatus.IN_PROGRESS, VideoStatus.of(GenerationStatus.PROCESSING));
    assertEquals(VideoStatus.COMPLETED, VideoStatus.of(GenerationStatus.COMPLETED));
    assertEquals(VideoStatus.COMPLETED, VideoStatus.of(GenerationStatus.EXPIRED));
    for (GenerationStatus ended : List.of(GenerationStatus.FAILED, GenerationStatus.REJECTED, GenerationStatus.CANCELED)) {
      assertEquals(VideoStatus.FAILED, VideoStatus.of(ended), ended.word());
    }
    assertEquals("in_progress", VideoStatus.IN_PROGRESS.word());
  }

  @Test
  void errorsTakeOpenAisStatusesTypesAndCodes() {
    assertShape(new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "bad key"), 401, "invalid_request_error", null, "invalid_api_key");
    assertShape(
        new ApiException(HttpStatus.PAYMENT_REQUIRED, "INSUFFICIENT_CREDITS", "too little"), 429, "insufficient_quota", null, "insufficient_quota");
    assertShape(
        new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED", "slow down", null, Map.of("Retry-After", "3")),
        429, "requests", null, "rate_limit_exceeded");
    assertShape(ApiException.notFound("video"), 404, "invalid_request_error", null, "not_found");
    assertShape(ApiException.invalid("model", "unknown model 'x'"), 400, "invalid_request_error", "model", "model_not_found");
    assertShape(ApiException.invalid("prompt", "prompt must not be blank"), 400, "invalid_request_error", "prompt", "invalid_value");
    assertShape(ApiException.invalid("foo", "unknown field 'foo'"), 400, "invalid_request_error", "foo", "unknown_parameter");
    assertShape(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "down"), 503, "server_error", null, "unavailable");
    assertShape(new ApiException(HttpStatus.CONFLICT, "NOT_READY", "not yet"), 409, "invalid_request_error", null, "not_ready");
    // the core's field names become this API's, and the message says so
    OpenAiErrorShape.Shaped duration =
        OpenAiErrorShape.shape(ApiException.invalid("duration_seconds", "duration_seconds must be one of [4]"));
    assertEquals("seconds", duration.body().error().param());
    assertTrue(duration.body().error().message().startsWith("Invalid 'seconds': "), duration.body().error().message());
    assertEquals("size", OpenAiErrorShape.shape(ApiException.invalid("resolution", "r")).body().error().param());
    assertEquals("input_reference", OpenAiErrorShape.shape(ApiException.invalid("image_url", "i")).body().error().param());
  }

  @Test
  void theRenderedErrorCarriesTheHeadersOfTheError() {
    var response =
        new OpenAiErrorShape()
            .render(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED", "slow down", null, Map.of("Retry-After", "3")));
    assertEquals(429, response.code());
    assertEquals("3", response.getHeaders().get("Retry-After"));
  }

  @Test
  void aGenerationShowsAsTheVideoObject() {
    UUID id = UUID.randomUUID();
    Instant created = Instant.parse("2026-12-05T10:00:00.500Z");
    Video running = VideoViews.of(generation(id, GenerationStatus.PROCESSING, 42, created, null, null, null, null, null));
    assertEquals(VideoIds.of(id), running.id());
    assertEquals("video", running.object());
    assertEquals(created.getEpochSecond(), running.createdAt());
    assertEquals("in_progress", running.status());
    assertEquals(42, running.progress());
    assertEquals("8", running.seconds());
    assertEquals("1280x720", running.size());
    assertEquals("sim-studio", running.model());
    assertNull(running.completedAt());
    assertNull(running.error());
    assertNull(running.remixedFromVideoId());
    assertEquals(0, VideoViews.of(generation(id, GenerationStatus.PENDING, 0, created, null, null, null, null, null)).progress());

    Instant done = created.plusSeconds(30);
    Instant expires = done.plusSeconds(7 * 86400);
    Video completed = VideoViews.of(generation(id, GenerationStatus.COMPLETED, 100, created, done, expires, null, null, null));
    assertEquals("completed", completed.status());
    assertEquals(100, completed.progress());
    assertEquals(done.getEpochSecond(), completed.completedAt());
    assertEquals(expires.getEpochSecond(), completed.expiresAt());
    // deleted: still completed, its assets expired when they were deleted
    Instant deleted = done.plusSeconds(60);
    Video gone = VideoViews.of(generation(id, GenerationStatus.EXPIRED, 100, created, done, expires, deleted, null, null));
    assertEquals("completed", gone.status());
    assertEquals(deleted.getEpochSecond(), gone.expiresAt());

    Video failed = VideoViews.of(generation(id, GenerationStatus.FAILED, 30, created, done, null, null, "PROVIDER_FAILED", "upstream said no"));
    assertEquals("failed", failed.status());
    assertEquals(new Video.VideoError("provider_failed", "upstream said no"), failed.error());
    Video canceled = VideoViews.of(generation(id, GenerationStatus.CANCELED, 10, created, done, null, null, "CANCELED", "by the client"));
    assertEquals("failed", canceled.status());
    assertEquals("canceled", canceled.error().code());
    Video refused = VideoViews.of(generation(id, GenerationStatus.REJECTED, 0, created, done, null, null, "INSUFFICIENT_CREDITS", "too little"));
    assertEquals("failed", refused.status());
    assertEquals("insufficient_credits", refused.error().code());
  }

  private static GenerationRecord generation(
      UUID id, GenerationStatus status, int progress, Instant created, Instant completed, Instant expires, Instant expired,
      String errorCode, String errorMessage) {
    return new GenerationRecord(
        id, UUID.randomUUID(), "sim-studio", "sim", status, progress, "a heron", null, 8, "16:9", "720p", null, false,
        null, null, 400_000L, null, null, null, null, null, null, null, null, errorCode, errorMessage, created, completed,
        expires, expired, "openai");
  }

  @Test
  void aRateLimitResetIsWrittenAsOpenAiWritesDurations() {
    assertEquals("0s", OpenAiRateLimitHeaders.duration(-3));
    assertEquals("45s", OpenAiRateLimitHeaders.duration(45));
    assertEquals("1m30s", OpenAiRateLimitHeaders.duration(90));
  }

  @Test
  void theListTakesLimitAndOrder() {
    assertEquals(20, VideoPages.limit(null));
    assertEquals(100, VideoPages.limit("100"));
    assertEquals("limit", assertThrows(ApiException.class, () -> VideoPages.limit("101")).param());
    assertThrows(ApiException.class, () -> VideoPages.limit("ten"));
    assertEquals(false, VideoPages.oldestFirst(null));
    assertEquals(false, VideoPages.oldestFirst("desc"));
    assertEquals(true, VideoPages.oldestFirst("asc"));
    assertEquals("order", assertThrows(ApiException.class, () -> VideoPages.oldestFirst("up")).param());
  }

  private static void assertShape(ApiException error, int status, String type, String param, String code) {
    OpenAiErrorShape.Shaped shaped = OpenAiErrorShape.shape(error);
    assertEquals(status, shaped.status().getCode(), error.getMessage());
    assertEquals(type, shaped.body().error().type(), error.getMessage());
    assertEquals(param, shaped.body().error().param(), error.getMessage());
    assertEquals(code, shaped.body().error().code(), error.getMessage());
  }
}
