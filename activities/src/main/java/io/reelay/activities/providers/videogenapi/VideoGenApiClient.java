package io.reelay.activities.providers.videogenapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/**
 * VideoGenAPI (configured under {@code micronaut.http.services.videogenapi}; {@link
 * VideoGenApiAuthFilter} adds the key). Every method answers an {@code HttpResponse} so a 404 is
 * an error, not a null.
 */
@Client(id = "videogenapi")
interface VideoGenApiClient {

  @Post("/api/v1/generate")
  HttpResponse<VideoGenApiWire.Accepted> generate(@Body VideoGenApiWire.GenerateRequest request);

  @Get("/api/v1/status/{generationId}")
  HttpResponse<VideoGenApiWire.Status> status(String generationId);
}
