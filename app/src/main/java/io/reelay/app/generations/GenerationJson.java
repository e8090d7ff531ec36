package io.reelay.app.generations;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.Usd;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/** The generation object as the API shows it. */
@Singleton
public class GenerationJson {

  private static final Argument<Map<String, Object>> METADATA = Argument.mapOf(String.class, Object.class);

  private final JsonMapper json;

  public GenerationJson(JsonMapper json) {
    this.json = json;
  }

  public GenerationResponse view(GenerationRecord g, String publicUrl) {
    boolean completed = g.status() == GenerationStatus.COMPLETED;
    // an expired generation still says what its video was; only the file is gone
    GenerationResponse.Video video =
        (completed || g.status() == GenerationStatus.EXPIRED) && g.videoDurationMillis() != null
            ? new GenerationResponse.Video(
                g.videoDurationMillis() / 1000.0, g.videoWidth(), g.videoHeight(), g.videoBytes(), g.videoSha256())
            : null;
    return new GenerationResponse(
        g.id(),
        "generation",
        // a refused create (402) is a failed generation to anyone who asks for it by id
        g.status().apiWord(),
        g.progress(),
        g.model(),
        g.provider(),
        g.prompt(),
        g.negativePrompt(),
        g.durationSeconds(),
        g.aspectRatio(),
        g.resolution(),
        g.seed(),
        g.audio(),
        g.webhookUrl(),
        metadata(g.metadataJson()),
        Usd.of(g.estimatedCostMicros()),
        g.costMicros() == null ? null : Usd.of(g.costMicros()),
        completed ? publicUrl + "/v1/generations/" + g.id() + "/content" : null,
        video,
        g.errorCode() == null ? null : new GenerationResponse.Failure(g.errorCode(), String.valueOf(g.errorMessage())),
        g.createdAt(),
        g.completedAt(),
        completed ? g.expiresAt() : null,
        g.expiredAt(),
        g.door());
  }

  private Map<String, Object> metadata(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, METADATA);
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
