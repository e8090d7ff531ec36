package io.reelay.activities.providers.vinci;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.multipart.MultipartBody;

/**
 * Vinci's API (configured under {@code micronaut.http.services.vinci}; {@link VinciAuthFilter}
 * adds the key). Every method answers an {@code HttpResponse} so a 404 is an error, not a null.
 */
@Client(id = "vinci")
interface VinciClient {

  @Post("/api/v1/generate/text-to-video")
  HttpResponse<VinciWire.Accepted> textToVideo(@Body VinciWire.TextToVideo request);

  @Post(value = "/api/v1/generate/image-to-video", produces = MediaType.MULTIPART_FORM_DATA)
  HttpResponse<VinciWire.Accepted> imageToVideo(@Body MultipartBody form);

  @Get("/api/v1/status/{requestId}")
  HttpResponse<VinciWire.Status> status(String requestId);
}
