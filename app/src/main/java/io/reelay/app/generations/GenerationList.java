package io.reelay.app.generations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A page of generations, newest first: GET /v1/generations.
 *
 * @param nextCursor pass as cursor for the next page; null on the last page
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "GenerationList")
public record GenerationList(
    List<GenerationResponse> data, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String nextCursor) {}
