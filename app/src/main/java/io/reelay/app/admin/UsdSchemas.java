package io.reelay.app.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/** The two forms a US-dollar request field takes, for the OpenAPI document ({@link io.reelay.app.api.UsdAmount} reads both). */
final class UsdSchemas {

  private UsdSchemas() {}

  /** A number of US dollars. */
  @Schema(name = "UsdNumber", type = "number", exclusiveMinimum = true, minimum = "0", maximum = "1000000")
  interface Number {}

  /** A decimal string of US dollars, e.g. "10.00". */
  @Schema(name = "UsdText", type = "string", pattern = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$")
  interface Text {}
}
