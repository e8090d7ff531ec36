package io.reelay.app.inputs;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.assets.inputs.InputImages;
import io.reelay.app.api.ApiErrors;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Serves a generation's input images to the providers that fetch them by URL. There is no API
 * key here (a provider has none of ours): the signed, expiring link is the credential, and an
 * unsigned, tampered or expired one gets the same 404 as a missing image.
 */
@Controller("/inputs")
@ExecuteOn(TaskExecutors.BLOCKING)
// for providers, not clients: the signed link is the credential; not part of the API's document
@Hidden
public class InputImagesController {

  private final InputImages inputImages;
  private final AssetStore store;

  public InputImagesController(InputImages inputImages, AssetStore store) {
    this.inputImages = inputImages;
    this.store = store;
  }

  // the image types, so a fetcher that asks for images (ours: Accept: image/jpeg, image/png,
  // image/webp) is not answered 406; JSON for the 404
  @Get(
      value = "/{generationId}/{fileName}",
      produces = {MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG, "image/webp", MediaType.APPLICATION_JSON})
  public HttpResponse<?> get(
      @PathVariable String generationId,
      @PathVariable String fileName,
      @QueryValue Optional<String> expires,
      @QueryValue Optional<String> sig) throws IOException {
    long expiresAt = expires.filter(e -> e.matches("\\d{1,12}")).map(Long::parseLong).orElse(-1L);
    String key = inputImages.verify(generationId, fileName, expiresAt, sig.orElse(null));
    OptionalLong size = key == null ? OptionalLong.empty() : store.size(key);
    if (size.isEmpty()) {
      return HttpResponse.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(ApiErrors.body("NOT_FOUND", "no such input image, or the link has expired", null));
    }
    MediaType type = MediaType.of(InputImages.contentTypeOf(fileName));
    return HttpResponse.ok(new StreamedFile(store.open(key, 0, size.getAsLong()), type))
        .contentLength(size.getAsLong())
        .header("Cache-Control", "private, max-age=3600");
  }
}
