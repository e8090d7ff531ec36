package io.reelay.harness.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.stack.ReelayClient;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.SeaweedFs;
import io.reelay.stack.StackOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Retention with a short expiry, on the S3 store with presigned delivery: a video (and its input
 * image) is deleted from the store once due and the generation shows "expired"; an account with
 * its own longer retention keeps its video until an operator takes the override away; the sweeps
 * are a Temporal Schedule whose runs are visible.
 */
class RetentionTest {

  @Test
  void videosExpireOnScheduleAndAnAccountsOwnRetentionKeepsThem() throws Exception {
    Path dir = Files.createDirectories(StackOptions.projectRoot().resolve("harness/target/retention-" + System.currentTimeMillis()));
    try (SeaweedFs s3 = SeaweedFs.start(dir.resolve("seaweedfs"), dir.resolve("logs"), StackOptions.projectRoot());
        ReelayStack stack =
            ReelayStack.start(
                StackOptions.in(dir)
                    .withAppEnvironment(s3.appEnvironment())
                    .withAppEnvironment(
                        Map.of(
                            "REELAY_RETENTION_DEFAULT", "6s",
                            "REELAY_RETENTION_SWEEP_EVERY", "2s",
                            "REELAY_ASSETS_DELIVERY", "presigned",
                            "REELAY_SIM_DELAY_SECONDS", "1")));
        S3Objects objects = new S3Objects(s3)) {
      ReelayClient api = stack.client();
      ReelayStack.Account shortLived = stack.newAccount("retention-default", "5.00");
      ReelayStack.Account keeper = stack.newAccount("retention-own", "5.00");

      // the per-account override, validated
      String retentionPath = "/admin/v1/accounts/" + keeper.accountId() + "/retention";
      assertEquals(400, put(stack, retentionPath, "{\"video_retention_days\": 0}").statusCode());
      assertEquals(400, put(stack, retentionPath, "{\"video_retention_days\": \"30\"}").statusCode());
      assertEquals(400, put(stack, retentionPath, "{}").statusCode());
      assertEquals(404, put(stack, "/admin/v1/accounts/" + UUID.randomUUID() + "/retention", "{\"video_retention_days\": 3}").statusCode());
      HttpResponse<String> set = put(stack, retentionPath, "{\"video_retention_days\": 30}");
      assertEquals(200, set.statusCode(), set.body());
      assertEquals(30 * 86_400, ReelayClient.json(set).get("effective_retention_seconds").asLong());

      String expiring = create(api, shortLived, "data:image/png;base64," + Base64.getEncoder().encodeToString(png()));
      String kept = create(api, keeper, null);
      JsonNode expiringDone = awaitStatus(api, shortLived, expiring, "completed", 120);
      JsonNode keptDone = awaitStatus(api, keeper, kept, "completed", 120);
      String expiringKey = assetKey(stack, expiring);
      String keptKey = assetKey(stack, kept);
      assertTrue(objects.sha256(expiringKey).isPresent(), "the video is in S3 while it is kept");
      assertEquals(1, objects.keys("inputs/" + expiring + "/").size(), "and so is its input image");
      Instant completedAt = Instant.parse(expiringDone.get("completed_at").asText());
      Instant expiresAt = Instant.parse(expiringDone.get("expires_at").asText());
      assertTrue(Math.abs(Duration.between(completedAt.plusSeconds(6), expiresAt).toMillis()) < 2_000, expiringDone.toString());
      Instant keptExpiry = Instant.parse(keptDone.get("expires_at").asText());
      assertTrue(keptExpiry.isAfter(Instant.now().plus(Duration.ofDays(29))), keptDone.toString());

      // presigned delivery: a redirect to the store, which serves the bytes (and ranges) itself
      HttpResponse<String> redirect = api.get("/v1/generations/" + kept + "/content", keeper.apiKey());
      assertEquals(302, redirect.statusCode(), redirect.body());
      URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
      assertTrue(location.toString().startsWith(s3.endpoint()), location.getHost());
      HttpClient anonymous = HttpClient.newHttpClient();
      HttpResponse<byte[]> video = anonymous.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, video.statusCode());
      assertEquals(keptDone.get("video").get("sha256").asText(), S3Objects.sha256(video.body()));
      HttpResponse<byte[]> range =
          anonymous.send(HttpRequest.newBuilder(location).header("Range", "bytes=0-99").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, range.statusCode());
      assertEquals(100, range.body().length);

      // the default retention runs out: files deleted, generation expired, content gone
      JsonNode expired = awaitStatus(api, shortLived, expiring, "expired", 60);
      assertTrue(expired.get("video_url").isNull(), expired.toString());
      assertFalse(expired.get("expired_at").isNull(), expired.toString());
      assertEquals(expiringDone.get("video").get("sha256"), expired.get("video").get("sha256"), "what the video was stays on record");
      HttpResponse<String> gone = api.get("/v1/generations/" + expiring + "/content", shortLived.apiKey());
      assertEquals(410, gone.statusCode(), gone.body());
      assertEquals("CONTENT_GONE", ReelayClient.json(gone).get("error").get("code").asText());
      assertTrue(objects.sha256(expiringKey).isEmpty(), "the video is deleted from S3");
      assertEquals(List.of(), objects.keys("inputs/" + expiring + "/"), "and its input image too");
      JsonNode listed = ReelayClient.json(api.get("/v1/generations?status=expired", shortLived.apiKey()));
      assertEquals(expiring, listed.get("data").get(0).get("id").asText());

      // the account's own 30 days keep its video through several sweeps...
      Thread.sleep(5_000);
      assertEquals("completed", status(api, keeper, kept));
      assertTrue(objects.sha256(keptKey).isPresent());
      // ...until the override is taken away: the default applies to what it has stored, at once
      HttpResponse<String> reset = put(stack, retentionPath, "{\"video_retention_days\": null}");
      assertEquals(200, reset.statusCode(), reset.body());
      assertTrue(ReelayClient.json(reset).get("video_retention_days").isNull());
      awaitStatus(api, keeper, kept, "expired", 60);
      assertTrue(objects.sha256(keptKey).isEmpty());

      // expired generations were paid once, as when they completed: the money audit agrees
      HttpResponse<String> audit =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/admin/v1/audit"))
                      .header("Authorization", "Bearer " + stack.adminToken())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertTrue(ReelayClient.json(audit).get("ok").asBoolean(), audit.body());

      // operators see the schedule and its sweeps in Temporal
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
      try {
        ScheduleDescription schedule = ScheduleClient.newInstance(stubs).getHandle("reelay-retention").describe();
        assertEquals(
            Duration.ofSeconds(2), schedule.getSchedule().getSpec().getIntervals().get(0).getEvery());
        assertFalse(schedule.getInfo().getRecentActions().isEmpty(), "the schedule has started sweeps");
        WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().build());
        long sweeps =
            client.listExecutions("WorkflowType = 'RetentionWorkflow' AND ExecutionStatus = 'Completed'").count();
        assertTrue(sweeps >= 2, "completed sweeps: " + sweeps);
      } finally {
        stubs.shutdown();
      }
    }
    ReelayStack.discardState(dir);
  }

  private static String create(ReelayClient api, ReelayStack.Account account, String image) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("model", "sim-fast");
    body.put("prompt", "retention");
    body.put("duration_seconds", 1);
    body.put("resolution", "480p");
    if (image != null) {
      body.put("image_url", image);
    }
    HttpResponse<String> response = api.post("/v1/generations", account.apiKey(), body, Map.of());
    assertEquals(201, response.statusCode(), response.body());
    return ReelayClient.json(response).get("id").asText();
  }

  private static String status(ReelayClient api, ReelayStack.Account account, String id) throws Exception {
    return ReelayClient.json(api.get("/v1/generations/" + id, account.apiKey())).get("status").asText();
  }

  private static JsonNode awaitStatus(ReelayClient api, ReelayStack.Account account, String id, String wanted, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    JsonNode generation = null;
    while (System.nanoTime() < deadline) {
      generation = ReelayClient.json(api.get("/v1/generations/" + id, account.apiKey()));
      if (generation.get("status").asText().equals(wanted)) {
        return generation;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(id + " is not " + wanted + " after " + seconds + " s: " + generation);
  }

  private static HttpResponse<String> put(ReelayStack stack, String path, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + stack.adminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String assetKey(ReelayStack stack, String generationId) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps = c.prepareStatement("SELECT asset_key FROM generations WHERE id = ?")) {
      ps.setObject(1, UUID.fromString(generationId));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  /** A real 16x16 PNG (the image intake checks the format). */
  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
