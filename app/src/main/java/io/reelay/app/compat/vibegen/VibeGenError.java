package io.reelay.app.compat.vibegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** VibeGen's error envelope: {@code {"error": {"code", "message"}}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VibeGenError(Body error) {

  public static VibeGenError of(String code, String message) {
    return new VibeGenError(new Body(code, message));
  }

  /** One of the document's error codes, and what went wrong. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Body(String code, String message) {}
}
