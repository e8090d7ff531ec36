package io.reelay.workflows.webhooks;

/**
 * What a delivery workflow needs to know: ids and the retry schedule, nothing secret.
 *
 * @param deliveryId   the delivery's row in webhook_deliveries (holds URL and message)
 * @param generationId the generation the event is about
 * @param eventType    e.g. generation.completed
 * @param host         the receiving host, for the UI's summaries (never the full URL: its path or
 *                     query may carry a token)
 * @param retry        how long and how often to retry
 */
public record WebhookDelivery(
    String deliveryId, String generationId, String eventType, String host, WebhookRetrySchedule retry) {}
