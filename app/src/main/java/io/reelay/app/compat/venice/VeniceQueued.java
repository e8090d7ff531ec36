package io.reelay.app.compat.venice;

import io.micronaut.serde.annotation.Serdeable;

/** The answer of POST /video/queue. */
@Serdeable
public record VeniceQueued(String queueid, String status) {}
