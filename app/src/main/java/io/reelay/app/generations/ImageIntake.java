package io.reelay.app.generations;

import io.micronaut.http.HttpStatus;
import io.reelay.activities.assets.images.FetchedImage;
import io.reelay.activities.assets.images.ImageFetcher;
import io.reelay.activities.assets.images.ImageRejectedException;
import io.reelay.app.api.ApiException;
import io.reelay.workflows.generation.ImageInput;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gets a create call's input images before anything is recorded: downloads image URLs through
 * the SSRF-safe {@link ImageFetcher}, decodes data: URIs, checks an uploaded file. A refused
 * image answers 400 (413 when over the size cap) naming the field, and nothing is charged.
 */
@Singleton
public class ImageIntake {

  /** An image that passed every check, with the role it plays. */
  public record Received(String role, FetchedImage image) {}

  private final ImageFetcher fetcher;

  public ImageIntake(ImageFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** The first frame first, then the references in the client's order. */
  public List<Received> receive(CreateGeneration create) {
    List<Received> images = new ArrayList<>();
    if (create.uploadedImage() != null) {
      images.add(new Received(ImageInput.FIRST_FRAME, checked("image", () -> fetcher.fromUpload(create.uploadedImage()))));
    } else if (create.imageUrl() != null) {
      images.add(new Received(ImageInput.FIRST_FRAME, fetch("image_url", create.imageUrl())));
    }
    for (String url : create.referenceImageUrls()) {
      images.add(new Received(ImageInput.REFERENCE, fetch("reference_image_urls", url)));
    }
    return images;
  }

  private FetchedImage fetch(String field, String source) {
    return source.toLowerCase(Locale.ROOT).startsWith("data:")
        ? checked(field, () -> fetcher.fromDataUri(source))
        : checked(field, () -> fetcher.fetch(source));
  }

  private interface Fetch {
    FetchedImage get() throws ImageRejectedException;
  }

  private static FetchedImage checked(String field, Fetch fetch) {
    try {
      return fetch.get();
    } catch (ImageRejectedException e) {
      HttpStatus status = e.httpStatus() == 413 ? HttpStatus.REQUEST_ENTITY_TOO_LARGE : HttpStatus.BAD_REQUEST;
      String code = status == HttpStatus.BAD_REQUEST ? "INVALID_PARAMETER" : "PAYLOAD_TOO_LARGE";
      throw new ApiException(status, code, field + ": " + e.getMessage(), field);
    }
  }
}
