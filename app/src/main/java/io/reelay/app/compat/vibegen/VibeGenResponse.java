package io.reelay.app.compat.vibegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** Every successful answer: {@code {"success": true, "data": ...}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VibeGenResponse<T>(boolean success, T data) {

  public static <T> VibeGenResponse<T> of(T data) {
    return new VibeGenResponse<>(true, data);
  }
}
