package io.reelay.app.webhooks;

import io.reelay.activities.PublicUrl;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.webhooks.WebhookPayloads;
import io.reelay.app.generations.GenerationJson;
import io.reelay.app.generations.GenerationResponse;
import jakarta.inject.Singleton;
import java.util.UUID;

/** A webhook's data is the generation object exactly as GET /v1/generations/{id} shows it. */
@Singleton
public class GenerationWebhookPayloads implements WebhookPayloads {

  private final GenerationStore generations;
  private final GenerationJson json;
  private final String publicUrl;

  public GenerationWebhookPayloads(GenerationStore generations, GenerationJson json, PublicUrl publicUrl) {
    this.generations = generations;
    this.json = json;
    this.publicUrl = publicUrl.base();
  }

  @Override
  public GenerationResponse generation(UUID accountId, UUID generationId) {
    return json.view(
        generations
            .find(accountId, generationId)
            .orElseThrow(() -> new IllegalStateException("generation " + generationId + " has no row")),
        publicUrl);
  }
}
