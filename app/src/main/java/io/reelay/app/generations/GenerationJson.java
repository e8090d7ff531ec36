package io.reelay.app.generations;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.app.api.Usd;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The generation object as the API shows it. */
@Singleton
public class GenerationJson {

  private final JsonMapper json;

  public GenerationJson(JsonMapper json) {
    this.json = json;
  }

  public Map<String, Object> view(GenerationRecord g, String publicUrl) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", g.id().toString());
    view.put("object", "generation");
    // a refused create (402) is a failed generation to anyone who asks for it by id
    view.put("status", g.status().equals("rejected") ? "failed" : g.status());
    view.put("progress", g.progress());
    view.put("model", g.model());
    view.put("provider", g.provider());
    view.put("prompt", g.prompt());
    view.put("negative_prompt", g.negativePrompt());
    view.put("duration_seconds", g.durationSeconds());
    view.put("aspect_ratio", g.aspectRatio());
    view.put("resolution", g.resolution());
    view.put("seed", g.seed());
    view.put("audio", g.audio());
    view.put("webhook_url", g.webhookUrl());
    view.put("metadata", metadata(g.metadataJson()));
    view.put("estimated_cost_usd", Usd.of(g.estimatedCostMicros()));
    view.put("cost_usd", g.costMicros() == null ? null : Usd.of(g.costMicros()));
    boolean completed = "completed".equals(g.status());
    view.put("video_url", completed ? publicUrl + "/v1/generations/" + g.id() + "/content" : null);
    // an expired generation still says what its video was; only the file is gone
    if ((completed || "expired".equals(g.status())) && g.videoDurationMillis() != null) {
      Map<String, Object> video = new LinkedHashMap<>();
      video.put("duration_seconds", g.videoDurationMillis() / 1000.0);
      video.put("width", g.videoWidth());
      video.put("height", g.videoHeight());
      video.put("size_bytes", g.videoBytes());
      video.put("sha256", g.videoSha256());
      view.put("video", video);
    }
    view.put(
        "error",
        g.errorCode() == null ? null : Map.of("code", g.errorCode(), "message", String.valueOf(g.errorMessage())));
    view.put("created_at", g.createdAt().toString());
    view.put("completed_at", g.completedAt() == null ? null : g.completedAt().toString());
    view.put("expires_at", completed && g.expiresAt() != null ? g.expiresAt().toString() : null);
    view.put("expired_at", g.expiredAt() == null ? null : g.expiredAt().toString());
    return view;
  }

  private Object metadata(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, Object.class);
    } catch (IOException e) {
      return null;
    }
  }

  public String text(JsonNode node) {
    try {
      return new String(json.writeValueAsBytes(node), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
