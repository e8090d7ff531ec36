package io.reelay.app.compat;

import io.micronaut.http.MutableHttpResponse;
import io.reelay.app.api.ApiException;

/**
 * How a door answers an error in its own document's envelope and words. Every error of a request
 * under the door's base path goes through it, whoever raised it: the API-key filter (401, 429), the
 * core (402, 404, 409, 503 ...), Bean Validation and body decoding (400) and the router (404, 405,
 * 415). One bean per door.
 */
public interface DoorErrorShape {

  Door door();

  /** The response for {@code error}; carries its headers (e.g. Retry-After) too. */
  MutableHttpResponse<?> render(ApiException error);
}
