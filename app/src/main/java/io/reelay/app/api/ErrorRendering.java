package io.reelay.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorErrorShape;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers an error in the shape of the API the request was made to: a front door's own envelope
 * under its base path (DESIGN §9), the native {"error": {...}} everywhere else.
 */
@Singleton
public class ErrorRendering {

  private final Map<Door, DoorErrorShape> shapes = new EnumMap<>(Door.class);

  public ErrorRendering(List<DoorErrorShape> shapes) {
    shapes.forEach(shape -> this.shapes.put(shape.door(), shape));
  }

  public MutableHttpResponse<?> render(HttpRequest<?> request, ApiException error) {
    Optional<DoorErrorShape> door = doorShape(request);
    return door.isPresent() ? door.get().render(error) : ApiErrors.response(error);
  }

  /** The error shape of the door the request was made to, if any. */
  Optional<DoorErrorShape> doorShape(HttpRequest<?> request) {
    return request == null ? Optional.empty() : Door.ofPath(request.getPath()).map(shapes::get);
  }
}
