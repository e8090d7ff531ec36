package io.reelay.activities.webhooks;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/** Where an account's generations report when the create call names no webhook_url. */
@MappedEntity("webhook_endpoints")
record WebhookEndpoint(@Id UUID accountId, String url) {}
