package io.reelay.app.compat.vinci;

import io.micronaut.serde.annotation.Serdeable;

/** Vinci's error envelope: {"detail": "..."}. */
@Serdeable
public record VinciError(String detail) {}
