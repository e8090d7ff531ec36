package io.reelay.app.api;

import io.micronaut.http.HttpStatus;
import java.util.Map;

/** An error the API answers as {"error": {"code", "message"[, "param"]}} with the given status. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final String param;
  private final Map<String, String> headers;

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(HttpStatus status, String code, String message, String param) {
    this(status, code, message, param, Map.of());
  }

  public ApiException(
      HttpStatus status, String code, String message, String param, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
    this.headers = headers;
  }

  /** Extra response headers, e.g. Retry-After. */
  public Map<String, String> headers() {
    return headers;
  }

  public static ApiException invalid(String param, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", message, param);
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }
}
