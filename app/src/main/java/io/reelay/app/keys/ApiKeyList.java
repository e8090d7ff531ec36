package io.reelay.app.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The account's keys: GET /v1/keys. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKeyList(List<ApiKeyResponse> data) {}
