package io.reelay.app.compat.vinci;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorErrorShape;
import jakarta.inject.Singleton;

/** Every error under /compat/vinci as Vinci answers it: {"detail": "..."}, headers kept (Retry-After). */
@Singleton
public class VinciErrorShape implements DoorErrorShape {

  @Override
  public Door door() {
    return Door.VINCI;
  }

  @Override
  public MutableHttpResponse<?> render(ApiException error) {
    MutableHttpResponse<?> response =
        HttpResponse.status(error.status())
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(new VinciError(VinciErrors.detail(error)));
    error.headers().forEach(response::header);
    return response;
  }
}
