package io.reelay.app.compat.venice;

import io.micronaut.serde.annotation.Serdeable;

/** The answer of POST /video/complete. */
@Serdeable
public record VeniceCompleted(boolean success) {}
