package io.reelay.activities.webhooks;

import io.reelay.activities.generations.GenerationStatus;
import java.util.UUID;

/**
 * A front door's own callbacks. For a generation created through a door that has one of these
 * (generations.door equals {@link #door()}), the message is the body that door's API document
 * prescribes instead of the Standard Webhooks envelope; everything else about its delivery stays
 * as for every webhook (the URL, retries, attempt records, address rule and signature headers).
 * The app provides one bean per door that calls back; generations of other doors keep the
 * envelope.
 */
public interface DoorWebhookPayloads {

  /** The door's word, as generations.door holds it. */
  String door();

  /** The event type this door names a generation's end by: one message per generation and type. */
  String eventType(GenerationStatus state);

  /** The whole body to POST: a value the JSON mapper writes. */
  Object body(UUID accountId, UUID generationId, String eventType);
}
