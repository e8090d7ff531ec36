package io.reelay.emulators.videogenapi;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The storage host of the VideoGenAPI emulator's {@code [vgapi:storage]} video URLs: outside the
 * API, signed, no API key. Like a presigned storage URL it refuses a request that also carries
 * an Authorization header (400), so a client that leaks its API key to it is caught.
 */
@Controller("/emulators/videogenapi-storage")
@Requires(property = "reelay.emulators.videogenapi.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VideoGenApiStorageController {

  private final VideoGenApiJobStore store;
  private final VideoGenApiVideos videos;
  private final VideoGenApiVideoUrls urls;

  public VideoGenApiStorageController(VideoGenApiJobStore store, VideoGenApiVideos videos, VideoGenApiVideoUrls urls) {
    this.store = store;
    this.videos = videos;
    this.urls = urls;
  }

  @Get("/{generationId}.mp4")
  public HttpResponse<?> video(
      HttpRequest<?> request,
      @PathVariable String generationId,
      @Nullable @QueryValue String expires,
      @Nullable @QueryValue String signature) {
    if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
      return VideoGenApiEmulatorController.error(
          HttpStatus.BAD_REQUEST,
          "Invalid argument",
          "Only one auth mechanism allowed: the URL is signed, send no Authorization header");
    }
    return VideoGenApiEmulatorController.video(store, videos, urls, generationId, expires, signature);
  }
}
