package io.reelay.app.api;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves the server in one shape: {"error": {"code": "...", "message": "..."}} — ours
 * ({@link ApiException}) and the framework's (unknown route, malformed JSON, body too large, ...).
 */
public final class ApiErrors {

  private ApiErrors() {}

  public static Map<String, Object> body(String code, String message, String param) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (param != null) {
      error.put("param", param);
    }
    return Map.of("error", error);
  }

  static String codeFor(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "INVALID_PARAMETER";
      case UNAUTHORIZED -> "INVALID_API_KEY";
      case FORBIDDEN -> "FORBIDDEN";
      case NOT_FOUND -> "NOT_FOUND";
      case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
      case NOT_ACCEPTABLE -> "NOT_ACCEPTABLE";
      case CONFLICT -> "CONFLICT";
      case REQUEST_ENTITY_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
      case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
      case TOO_MANY_REQUESTS -> "RATE_LIMIT_EXCEEDED";
      case SERVICE_UNAVAILABLE -> "UNAVAILABLE";
      default -> status.getCode() >= 500 ? "INTERNAL_ERROR" : "INVALID_PARAMETER";
    };
  }

  /** The response for one of our errors, extra headers included. */
  public static MutableHttpResponse<?> response(ApiException e) {
    MutableHttpResponse<?> response =
        HttpResponse.status(e.status())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(body(e.code(), e.getMessage(), e.param()));
    e.headers().forEach(response::header);
    return response;
  }

  /** Answers our own exceptions. */
  @Singleton
  static class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
      return response(e);
    }
  }

  /** Reshapes the framework's error responses; never leaks stack traces or internals. */
  @Singleton
  @Primary
  static class UniformErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    private static final Logger log = LoggerFactory.getLogger(UniformErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<Object> processResponse(
        ErrorContext context, MutableHttpResponse<?> response) {
      HttpStatus status = response.getStatus();
      String message;
      if (status.getCode() >= 500) {
        context
            .getRootCause()
            .ifPresent(cause -> log.error("unhandled error on {}", context.getRequest().getPath(), cause));
        message = "internal error";
      } else if (status == HttpStatus.NOT_FOUND) {
        message = "no such resource: " + context.getRequest().getPath();
      } else if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
        message = "the request body is larger than allowed";
      } else {
        message =
            context.getErrors().stream()
                .map(Error::getMessage)
                .findFirst()
                .orElse(status.getReason());
        if (status == HttpStatus.BAD_REQUEST && message.contains("Error decoding JSON")) {
          message = "the request body is not valid JSON";
        }
      }
      return ((MutableHttpResponse<Object>) response)
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(body(codeFor(status), message, null));
    }
  }
}
