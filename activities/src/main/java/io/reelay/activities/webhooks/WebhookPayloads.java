package io.reelay.activities.webhooks;

import java.util.UUID;

/**
 * The generation object as the API shows it, for the {@code data} of a webhook. The app provides
 * it (it owns the API's JSON shape); kept behind this port so a webhook and a GET agree.
 */
public interface WebhookPayloads {

  /** A value the JSON mapper writes: the app's typed generation record. */
  Object generation(UUID accountId, UUID generationId);
}
