package io.reelay.workflows.webhooks;

/**
 * How a delivery ended.
 *
 * @param status   delivered or failed
 * @param attempts the attempt that was answered 2xx; 0 when failed (the attempts are in
 *                 webhook_attempts)
 * @param reason   why it failed, else null
 */
public record WebhookDeliveryOutcome(String status, int attempts, String reason) {}
