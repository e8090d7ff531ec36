package io.reelay.app.compat.openai;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorErrorShape;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;

/**
 * Every error under /compat/openai in OpenAI's envelope and words: {@code {"error": {"message",
 * "type", "param", "code"}}}. As OpenAI does, a key that is missing or wrong is a 401
 * invalid_request_error with code invalid_api_key, too little credit is a 429 insufficient_quota
 * (not 402), and the rate limit is a 429 with code rate_limit_exceeded.
 */
@Singleton
public class OpenAiErrorShape implements DoorErrorShape {

  /** The native request fields the core names, as this API calls them. */
  private static final Map<String, String> PARAMS =
      Map.of(
          "duration_seconds", "seconds",
          "aspect_ratio", "size",
          "resolution", "size",
          "image_url", "input_reference",
          "image", "input_reference");

  @Override
  public Door door() {
    return Door.OPENAI;
  }

  @Override
  public MutableHttpResponse<?> render(ApiException error) {
    Shaped shaped = shape(error);
    MutableHttpResponse<OpenAiErrorBody> response =
        HttpResponse.status(shaped.status()).contentType(MediaType.APPLICATION_JSON_TYPE).body(shaped.body());
    error.headers().forEach(response::header);
    return response;
  }

  /** An error's status and body here. */
  record Shaped(HttpStatus status, OpenAiErrorBody body) {}

  static Shaped shape(ApiException error) {
    String code = error.code() == null ? "" : error.code();
    String param = error.param() == null ? null : PARAMS.getOrDefault(error.param(), error.param());
    String message = error.getMessage();
    if (param != null && !param.equals(error.param())) {
      // the core's message speaks of its own field; say which of ours it is
      message = "Invalid '" + param + "': " + message;
    }
    HttpStatus status = error.status();
    String type;
    String openAiCode;
    if (status == HttpStatus.UNAUTHORIZED) {
      type = "invalid_request_error";
      openAiCode = "invalid_api_key";
    } else if (status == HttpStatus.PAYMENT_REQUIRED) {
      // OpenAI answers a spent balance with 429 insufficient_quota; its clients look for that
      status = HttpStatus.TOO_MANY_REQUESTS;
      type = "insufficient_quota";
      openAiCode = "insufficient_quota";
    } else if (status == HttpStatus.TOO_MANY_REQUESTS) {
      type = "requests";
      openAiCode = "rate_limit_exceeded";
    } else if (status.getCode() >= 500) {
      type = "server_error";
      openAiCode = lower(code);
    } else if (code.equals("INVALID_PARAMETER")) {
      type = "invalid_request_error";
      openAiCode = "model".equals(param) ? "model_not_found" : message.startsWith("unknown field") ? "unknown_parameter" : "invalid_value";
    } else {
      type = "invalid_request_error";
      openAiCode = lower(code);
    }
    return new Shaped(status, new OpenAiErrorBody(new OpenAiErrorBody.Detail(message, type, param, openAiCode)));
  }

  private static String lower(String code) {
    return code.isEmpty() ? null : code.toLowerCase(Locale.ROOT);
  }
}
