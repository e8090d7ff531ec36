package io.reelay.app.api;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.Optional;
import io.reelay.app.compat.DoorErrorShape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves the server in one shape: {"error": {"code": "...", "message": "..."}} — ours
 * ({@link ApiException}) and the framework's (unknown route, malformed JSON, body too large, ...).
 */
public final class ApiErrors {

  private ApiErrors() {}

  public static ApiErrorBody body(String code, String message, String param) {
    return new ApiErrorBody(new ApiErrorBody.Detail(code, message, param));
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

  /**
   * Whether {@code error} (or a cause of it) says a service we depend on cannot be reached right
   * now rather than that we have a bug: PostgreSQL restarting or failing over (connection errors,
   * SQLSTATE class 08, 57P admin shutdown, Hikari's pool timeout) or Temporal unreachable. Such a
   * request is worth retrying, and many HTTP clients retry a 503 but never a 500.
   */
  static boolean dependencyUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (t instanceof StatusRuntimeException grpc
          && (grpc.getStatus().getCode() == Status.Code.UNAVAILABLE
              || grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
        return true;
      }
    }
    return false;
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

  /** Answers our own exceptions, in the shape of the API the request was made to. */
  @Singleton
  static class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

    private final ErrorRendering rendering;

    ApiExceptionHandler(ErrorRendering rendering) {
      this.rendering = rendering;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
      return rendering.render(request, e);
    }
  }

  /**
   * Answers a Bean Validation failure of a request record or parameter as INVALID_PARAMETER naming
   * the field (its JSON name) and saying what it must be (the constraint's message).
   */
  @Singleton
  @Replaces(ConstraintExceptionHandler.class)
  static class ConstraintViolationHandler
      implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {

    private final ErrorRendering rendering;

    ConstraintViolationHandler(ErrorRendering rendering) {
      this.rendering = rendering;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException e) {
      // one field at a time, as the hand-written checks did; the same one each time
      ConstraintViolation<?> first =
          e.getConstraintViolations().stream()
              .min(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
              .orElse(null);
      if (first == null) {
        return rendering.render(request, ApiException.invalid(null, e.getMessage()));
      }
      return rendering.render(request, ApiException.invalid(param(first.getPropertyPath()), first.getMessage()));
    }

    /** The last named node of {@code create.body.rateLimitPerMinute}: rate_limit_per_minute. */
    private static String param(Path path) {
      String name = null;
      for (Path.Node node : path) {
        if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.METHOD) {
          name = node.getName();
        }
      }
      return name == null ? null : WireNames.snakeCase(name);
    }
  }

  // serde names a field its record refuses (@JsonIgnoreProperties(ignoreUnknown = false)) only in
  // the message of a plain SerdeException
  private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("^Unknown property \\[([^\\]]*)\\] encountered");

  /**
   * Our own exception behind a framework error: a {@link StrictJson} field of the wrong type, or a
   * field the request record does not have.
   */
  private static ApiException apiCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApiException api) {
        return api;
      }
      Matcher unknown = t instanceof SerdeException && t.getMessage() != null ? UNKNOWN_PROPERTY.matcher(t.getMessage()) : null;
      if (unknown != null && unknown.find()) {
        return ApiException.invalid(unknown.group(1), "unknown field '" + unknown.group(1) + "'");
      }
    }
    return null;
  }

  /** Reshapes the framework's error responses; never leaks stack traces or internals. */
  @Singleton
  @Primary
  static class UniformErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    private static final Logger log = LoggerFactory.getLogger(UniformErrorResponseProcessor.class);

    private final ErrorRendering rendering;

    UniformErrorResponseProcessor(ErrorRendering rendering) {
      this.rendering = rendering;
    }

    @Override
    public MutableHttpResponse<Object> processResponse(
        ErrorContext context, MutableHttpResponse<?> response) {
      HttpStatus status = response.getStatus();
      String message;
      Throwable failure = context.getRootCause().orElse(null);
      ApiException ours = apiCause(failure);
      if (ours != null) {
        // a request body that could not be read into its record because of one field
        return (MutableHttpResponse<Object>) rendering.render(context.getRequest(), ours);
      }
      if (status == HttpStatus.INTERNAL_SERVER_ERROR && failure != null && dependencyUnavailable(failure)) {
        // found by ./reelay chaos: a PostgreSQL restart made creates and cancels answer 500
        log.warn("{} answered 503, a dependency is unavailable: {}", context.getRequest().getPath(), failure.toString());
        Optional<DoorErrorShape> door = rendering.doorShape(context.getRequest());
        if (door.isPresent()) {
          return (MutableHttpResponse<Object>)
              door.get().render(
                  new ApiException(
                      HttpStatus.SERVICE_UNAVAILABLE,
                      "DEPENDENCY_UNAVAILABLE",
                      "the database or Temporal is unavailable for a moment; retry",
                      null,
                      java.util.Map.of("Retry-After", "1")));
        }
        return ((MutableHttpResponse<Object>) response)
            .status(HttpStatus.SERVICE_UNAVAILABLE)
            .header("Retry-After", "1")
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            // not UNAVAILABLE, which promises a create that nothing was started: this may come
            // after the start, so the outcome is open and only a retry with the same key is safe
            .body(
                body(
                    "DEPENDENCY_UNAVAILABLE",
                    "the database or Temporal is unavailable for a moment; retry (a create with the same Idempotency-Key)",
                    null));
      }
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
      Optional<DoorErrorShape> door = rendering.doorShape(context.getRequest());
      if (door.isPresent()) {
        // a door's client reads errors in its own document's envelope, framework errors included
        MutableHttpResponse<Object> shaped =
            (MutableHttpResponse<Object>) door.get().render(new ApiException(status, codeFor(status), message));
        response.getHeaders().forEach((name, values) -> {
          if (name.equalsIgnoreCase("Allow")) {
            values.forEach(value -> shaped.header(name, value));
          }
        });
        return shaped;
      }
      return ((MutableHttpResponse<Object>) response)
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(body(codeFor(status), message, null));
    }
  }
}
