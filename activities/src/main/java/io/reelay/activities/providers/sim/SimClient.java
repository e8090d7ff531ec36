package io.reelay.activities.providers.sim;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/**
 * The simulator's API (configured under {@code micronaut.http.services.sim}; {@link SimAuthFilter}
 * adds the key). Every method answers an {@code HttpResponse} so a 404 is an error, not a null.
 */
@Client(id = "sim")
interface SimClient {

  @Post("/v1/jobs")
  HttpResponse<SimWire.Job> submit(@Body SimWire.JobRequest request);

  @Get("/v1/jobs/{id}")
  HttpResponse<SimWire.Job> job(String id);

  @Post("/v1/jobs/{id}/cancel")
  HttpResponse<SimWire.Job> cancel(String id);
}
