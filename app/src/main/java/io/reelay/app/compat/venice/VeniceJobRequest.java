package io.reelay.app.compat.venice;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.app.api.StrictJson;
import jakarta.validation.constraints.NotBlank;

/**
 * The body of POST /video/retrieve and POST /video/complete: a queued job, named by the model it
 * was queued with and its queueid.
 *
 * @param deleteMediaOnCompletion retrieve only: delete the stored video once this retrieve has
 *     delivered all of it (default false); complete ignores it
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record VeniceJobRequest(
    @StrictJson @NotBlank(message = "model is required") String model,
    @StrictJson @NotBlank(message = "queueid is required") String queueid,
    @StrictJson @Nullable Boolean deleteMediaOnCompletion) {}
