package io.reelay.activities.providers.vibegen;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/**
 * VibeGen's API (configured under {@code micronaut.http.services.vibegen}; {@link
 * VibeGenAuthFilter} adds the key). Every method answers an {@code HttpResponse} so a 404 is an
 * error, not a null.
 */
@Client(id = "vibegen")
interface VibeGenClient {

  @Post("/api/v1/generations")
  HttpResponse<VibeGenWire.Envelope> generate(@Body VibeGenWire.GenerationRequest request);

  @Get("/api/v1/tasks/{id}")
  HttpResponse<VibeGenWire.Envelope> task(String id);
}
