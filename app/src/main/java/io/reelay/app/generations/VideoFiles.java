package io.reelay.app.generations;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.types.files.StreamedFile;
import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.ApiException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a request for a generation's stored MP4: the native content endpoint, the signed links
 * the front doors hand out, and the doors' own content endpoints all serve it the same way (one
 * byte range, a redirect with presigned delivery, 409 before completion, 410 once deleted).
 */
@Singleton
public class VideoFiles {

  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

  private final AssetStore assets;
  private final VideoDelivery delivery;

  public VideoFiles(AssetStore assets, VideoDelivery delivery) {
    this.assets = assets;
    this.delivery = delivery;
  }

  /**
   * @param range the request's Range header; one byte range (bytes=start-end or bytes=-suffix) is
   *              answered 206, anything else gets the whole file
   */
  public MutableHttpResponse<?> serve(GenerationRecord generation, Optional<String> range) throws IOException {
    if (generation.status() == GenerationStatus.EXPIRED) {
      throw new ApiException(
          HttpStatus.GONE,
          "CONTENT_GONE",
          // a door's client may have deleted it itself (Venice's complete, OpenAI's delete)
          GenerationRecord.NATIVE_DOOR.equals(generation.door())
              ? "the video expired and was deleted at " + generation.expiredAt() + " (retention)"
              : "the video was deleted at " + generation.expiredAt());
    }
    if (generation.status() != GenerationStatus.COMPLETED || generation.assetKey() == null) {
      throw new ApiException(
          HttpStatus.CONFLICT, "NOT_READY", "the video is not available: the generation is " + generation.status());
    }
    OptionalLong size = assets.size(generation.assetKey());
    if (size.isEmpty()) {
      throw new ApiException(HttpStatus.GONE, "CONTENT_GONE", "the video is no longer stored");
    }
    Optional<URI> presigned = delivery.redirectFor(generation.assetKey());
    if (presigned.isPresent()) {
      // the store serves the bytes (ranges included); the URL is short-lived and never logged
      return HttpResponse.status(HttpStatus.FOUND)
          .header("Location", presigned.get().toString())
          .header("Cache-Control", "private, max-age=" + Math.max(0, delivery.lifetime().toSeconds() - 30));
    }
    long total = size.getAsLong();
    long start = 0;
    long end = total - 1;
    boolean partial = false;
    if (range.isPresent()) {
      Matcher m = RANGE.matcher(range.get().trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        if (m.group(1).isEmpty()) { // suffix range: the last N bytes
          start = Math.max(0, total - parseOffset(m.group(2)));
        } else {
          start = parseOffset(m.group(1));
          if (!m.group(2).isEmpty()) {
            end = Math.min(end, parseOffset(m.group(2)));
          }
        }
        if (start > end || start >= total) {
          throw new ApiException(
              HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
              "RANGE_NOT_SATISFIABLE",
              "the range is outside the video",
              "Range",
              Map.of("Content-Range", "bytes */" + total));
        }
        partial = true;
      }
      // anything else (multiple ranges, other units): answer the whole file, as RFC 9110 allows
    }
    long length = end - start + 1;
    MutableHttpResponse<StreamedFile> response =
        HttpResponse.status(partial ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK)
            .body(new StreamedFile(assets.open(generation.assetKey(), start, length), MediaType.of("video/mp4"), generation.completedAt().toEpochMilli(), length));
    response.header("Accept-Ranges", "bytes");
    response.header("Content-Disposition", "inline; filename=\"" + generation.id() + ".mp4\"");
    if (partial) {
      response.header("Content-Range", "bytes " + start + "-" + end + "/" + total);
    }
    return response;
  }

  /** A byte offset; one too large for a long is simply past the end (answered 416). */
  private static long parseOffset(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      return Long.MAX_VALUE;
    }
  }
}
