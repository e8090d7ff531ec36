package io.reelay.app.compat.videogenapi;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code model} object of an answer.
 *
 * @param key the model name as the client sent it (the Reelay model id when it sent none)
 * @param name the Reelay model that makes the video
 * @param provider the Reelay provider that makes it
 */
@Serdeable
record ModelInfo(String key, String name, String provider) {}
