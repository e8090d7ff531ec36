package io.reelay.app.compat.vibegen;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorErrorShape;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error under /compat/vibegen as {@code {"error": {"code", "message"}}} with the document's
 * codes. The HTTP status stays the core's; the code is the document's closest one. The core's
 * parameter names become VibeGen's in the message (the envelope has no param field).
 */
@Singleton
public class VibeGenErrorShape implements DoorErrorShape {

  // the core's create fields that VibeGen names otherwise
  static final Map<String, String> PARAMETER_NAMES =
      Map.of(
          "duration_seconds", "duration",
          "audio", "generate_audio",
          "image_url", "image_urls",
          "reference_image_urls", "image_urls",
          "webhook_url", "callback_url");
  private static final Pattern NATIVE_NAMES =
      Pattern.compile("\\b(duration_seconds|reference_image_urls|image_url|webhook_url)\\b");

  @Override
  public Door door() {
    return Door.VIBEGEN;
  }

  @Override
  public MutableHttpResponse<?> render(ApiException error) {
    MutableHttpResponse<VibeGenError> response =
        HttpResponse.<VibeGenError>status(error.status())
            .body(VibeGenError.of(code(error.status().getCode()), message(error)));
    error.headers().forEach(response::header);
    return response;
  }

  /** The document's code for an HTTP status. */
  static String code(int status) {
    return switch (status) {
      case 401, 403 -> "INVALID_API_KEY";
      case 402 -> "INSUFFICIENT_CREDITS";
      case 404 -> "TASK_NOT_FOUND";
      case 429 -> "RATE_LIMIT_EXCEEDED";
      case 502, 504 -> "PROVIDER_ERROR";
      default -> status >= 500 ? "INTERNAL_ERROR" : "INVALID_PARAMETER";
    };
  }

  /** The core's message in VibeGen's parameter names, led by the parameter when it does not name it. */
  static String message(ApiException error) {
    String message =
        NATIVE_NAMES.matcher(String.valueOf(error.getMessage()))
            .replaceAll(m -> Matcher.quoteReplacement(PARAMETER_NAMES.get(m.group(1))));
    String param = error.param() == null ? null : PARAMETER_NAMES.getOrDefault(error.param(), error.param());
    if (param == null || message.contains(param)) {
      return message;
    }
    return param + ": " + message;
  }
}
