package io.reelay.workflows.webhooks;

/**
 * Exponential backoff: the first retry after {@code initialIntervalSeconds}, each next one twice
 * as late, at most {@code maxIntervalSeconds} apart, until {@code giveUpAfterSeconds} have passed
 * since the first attempt.
 */
public record WebhookRetrySchedule(long initialIntervalSeconds, long maxIntervalSeconds, long giveUpAfterSeconds) {}
