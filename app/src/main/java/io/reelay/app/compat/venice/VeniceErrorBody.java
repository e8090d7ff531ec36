package io.reelay.app.compat.venice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * Every error of the Venice door: {@code {"error": "..."}}; a refused field adds {@code
 * "details": {"<field>": {"_errors": ["..."]}}}, and a failed job adds {@code "status": "failed"}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VeniceErrorBody(String error, @Nullable Map<String, FieldErrors> details, @Nullable String status) {

  /** The messages about one field. */
  @Serdeable
  public record FieldErrors(@JsonProperty("_errors") List<String> errors) {}
}
