package io.reelay.app.compat.venice;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorErrorShape;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Venice's errors: the status codes of its table (400, 401, 402, 429, 500; 404 for a job that is
 * not there) with {@code {"error": "..."}}. A refused field adds {@code details} keyed by the
 * document's field name; a failed job adds {@code "status": "failed"}.
 */
@Singleton
public class VeniceErrorShape implements DoorErrorShape {

  @Override
  public Door door() {
    return Door.VENICE;
  }

  @Override
  public MutableHttpResponse<?> render(ApiException error) {
    MutableHttpResponse<VeniceErrorBody> response = HttpResponse.status(error.status()).body(body(error));
    error.headers().forEach(response::header);
    return response;
  }

  static VeniceErrorBody body(ApiException error) {
    String message = venice(error.getMessage());
    Map<String, VeniceErrorBody.FieldErrors> details =
        error.param() == null ? null : Map.of(venice(error.param()), new VeniceErrorBody.FieldErrors(List.of(message)));
    String status = VeniceVideoController.GENERATION_FAILED.equals(error.code()) ? "failed" : null;
    return new VeniceErrorBody(message, details, status);
  }

  /** The core names its duration field duration_seconds; the document calls it duration. */
  private static String venice(String text) {
    return text == null ? "" : text.replace("duration_seconds", "duration");
  }
}
