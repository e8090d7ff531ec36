package io.reelay.activities.webhooks;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The Standard Webhooks envelope of every message: its type, when it was made and the payload
 * (the app's typed generation record, written by its runtime type). The order of the components
 * is the order of the signed bytes.
 */
@Serdeable
public record WebhookEnvelope(String type, String timestamp, Object data) {}
