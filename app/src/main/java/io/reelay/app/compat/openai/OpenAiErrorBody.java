package io.reelay.app.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The OpenAI error envelope: {@code {"error": {"message", "type", "param", "code"}}}, param and
 * code written as null when there is none.
 */
@Serdeable
public record OpenAiErrorBody(Detail error) {

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Detail(String message, String type, @Nullable String param, @Nullable String code) {}
}
