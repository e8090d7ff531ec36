package io.reelay.activities.providers.venice;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.tree.JsonNode;

/**
 * Venice's JSON calls (configured under {@code micronaut.http.services.venice}; {@link
 * VeniceAuthFilter} adds the key). Retrieve is not here: its answer may be the video itself, read
 * as a stream (see {@link io.reelay.activities.providers.ProviderHttp#postStreamed}). Every method
 * answers an {@code HttpResponse} so a 404 is an error, not a null.
 */
@Client(id = "venice")
interface VeniceClient {

  @Post("/api/v1/video/queue")
  HttpResponse<VeniceWire.Queued> queue(@Body VeniceWire.QueueRequest request);

  @Post("/api/v1/video/complete")
  HttpResponse<JsonNode> complete(@Body VeniceWire.CompleteRequest request);

  @Post("/api/v1/video/quote")
  HttpResponse<VeniceWire.QuoteAnswer> quote(@Body VeniceWire.QuoteRequest request);
}
