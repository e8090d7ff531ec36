package io.reelay.app.api;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document: the errors every /v1 operation can answer, because {@link
 * ApiKeyFilter} checks the key and its rate limit before the controller runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ApiResponse(
    responseCode = "401",
    description = "INVALID_API_KEY: the key is missing, malformed or revoked.",
    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiErrorBody.class)))
@ApiResponse(
    responseCode = "429",
    description = "RATE_LIMIT_EXCEEDED: the key's requests for this minute are spent.",
    headers = @Header(name = "Retry-After", description = "Seconds until the key may call again.", schema = @Schema(type = "integer")),
    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiErrorBody.class)))
public @interface ApiKeyErrors {}
