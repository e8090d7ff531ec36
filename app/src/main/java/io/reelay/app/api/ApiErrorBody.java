package io.reelay.app.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of every error answer, as {@link ApiErrors#body} writes it; described here for the
 * OpenAPI document.
 *
 * @param error what went wrong
 */
@Schema(name = "Error", description = "Every 4xx and 5xx answer has this body.")
public record ApiErrorBody(Detail error) {

  /**
   * What went wrong.
   *
   * @param code stable and machine-readable
   * @param message for people; its wording may change
   * @param param the request field, query parameter or header at fault, when there is one
   */
  @Schema(name = "ErrorDetail")
  public record Detail(ApiErrorCode code, String message, @Nullable String param) {}
}
