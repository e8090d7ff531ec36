package io.reelay.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of every error answer ({@link ApiErrors#body}).
 *
 * @param error what went wrong
 */
@Serdeable
@Schema(name = "Error", description = "Every 4xx and 5xx answer has this body.")
public record ApiErrorBody(Detail error) {

  /**
   * What went wrong.
   *
   * @param code stable and machine-readable: one of {@link ApiErrorCode}
   * @param message for people; its wording may change
   * @param param the request field, query parameter or header at fault, when there is one
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ErrorDetail")
  public record Detail(
      @Schema(implementation = ApiErrorCode.class, requiredMode = Schema.RequiredMode.REQUIRED) String code,
      String message,
      @Nullable String param) {}
}
