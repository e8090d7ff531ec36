package io.reelay.app.compat.videogenapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.context.ServerRequestContext;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.RateLimiter;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorErrorShape;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every error under /compat/videogenapi as VideoGenAPI writes it: {@code {"error": <title>,
 * "message", "details"}}; a 429 of the key's rate limit carries the document's
 * {@code seconds_until_reset}, {@code current_usage}, {@code limit}, {@code window} and
 * {@code reset_time}.
 */
@Singleton
class VideoGenApiErrorShape implements DoorErrorShape {

  /** The core's field names that this API spells otherwise. */
  static final Map<String, String> FIELD_NAMES = Map.of("duration_seconds", "duration", "audio", "add_audio");

  static final String RATE_LIMIT_WINDOW = "1 minute";

  @Override
  public Door door() {
    return Door.VIDEOGENAPI;
  }

  @Override
  public MutableHttpResponse<?> render(ApiException error) {
    String param = error.param() == null ? null : FIELD_NAMES.getOrDefault(error.param(), error.param());
    String message = error.getMessage();
    if (param != null && !param.equals(error.param())) {
      message = Pattern.compile("\\b" + Pattern.quote(error.param()) + "\\b").matcher(message).replaceAll(param);
    }
    ErrorBody.Details details = new ErrorBody.Details(error.code(), param, null, null, null, null, null);
    if (error.status() == HttpStatus.TOO_MANY_REQUESTS) {
      details = rateLimitDetails(error);
    }
    MutableHttpResponse<?> response =
        HttpResponse.status(error.status())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(new ErrorBody(false, title(error.status()), message, details));
    error.headers().forEach(response::header);
    return response;
  }

  /** The key's budget as the request that ran out of it saw it; else what Retry-After says. */
  private static ErrorBody.Details rateLimitDetails(ApiException error) {
    Optional<RateLimiter.Decision> decision = ServerRequestContext.currentRequest().flatMap(ApiAuth::rateLimit);
    if (decision.isPresent()) {
      RateLimiter.Decision spent = decision.get();
      return new ErrorBody.Details(
          error.code(),
          null,
          spent.limit() - spent.remaining(),
          spent.limit(),
          RATE_LIMIT_WINDOW,
          Timestamps.format(Instant.ofEpochSecond(spent.resetEpochSeconds())),
          spent.retryAfterSeconds());
    }
    Long seconds = retryAfter(error);
    return new ErrorBody.Details(
        error.code(),
        null,
        null,
        null,
        null,
        seconds == null ? null : Timestamps.format(Instant.now().plusSeconds(seconds)),
        seconds);
  }

  private static Long retryAfter(ApiException error) {
    String value = error.headers().get("Retry-After");
    try {
      return value == null ? null : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The {@code error} title of a status. */
  static String title(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "Invalid request";
      case UNAUTHORIZED -> "Unauthorized";
      case PAYMENT_REQUIRED -> "Insufficient credits";
      case FORBIDDEN -> "Forbidden";
      case NOT_FOUND -> "Not found";
      case METHOD_NOT_ALLOWED -> "Method not allowed";
      case CONFLICT -> "Conflict";
      case REQUEST_ENTITY_TOO_LARGE -> "Payload too large";
      case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
      case TOO_MANY_REQUESTS -> "Rate limit exceeded";
      case SERVICE_UNAVAILABLE -> "Service unavailable";
      default -> status.getCode() >= 500 ? "Internal server error" : status.getReason();
    };
  }
}
