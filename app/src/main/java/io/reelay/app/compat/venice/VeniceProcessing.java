package io.reelay.app.compat.venice;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The JSON answer of POST /video/retrieve while the video is not ready (the field names are the
 * document's camelCase).
 *
 * @param status "queued" before the provider has started, then "processing"
 * @param executionDuration milliseconds since the job was queued
 * @param estimatedDuration milliseconds the whole job is expected to take; left out while the
 *     job has reported no progress to extrapolate from
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VeniceProcessing(String status, long executionDuration, @Nullable Long estimatedDuration) {}
