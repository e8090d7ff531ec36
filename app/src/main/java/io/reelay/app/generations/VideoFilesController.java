package io.reelay.app.generations;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Serves the signed video links the front doors hand out ({@link VideoLinks}). No API key here:
 * the link is the credential, and an unsigned, tampered or expired one gets the same 404 as a
 * missing video. An Authorization header a client sends anyway is ignored.
 */
@Controller(VideoLinks.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
// the doors' documents describe these links; the native API has its own content endpoint
@Hidden
public class VideoFilesController {

  private final VideoLinks links;
  private final GenerationStore generations;
  private final VideoFiles files;

  public VideoFilesController(VideoLinks links, GenerationStore generations, VideoFiles files) {
    this.links = links;
    this.generations = generations;
    this.files = files;
  }

  @Get(value = "/{fileName}", produces = {"video/mp4", MediaType.APPLICATION_JSON})
  public HttpResponse<?> get(
      @PathVariable String fileName,
      @QueryValue Optional<String> expires,
      @QueryValue Optional<String> sig,
      @Header("Range") Optional<String> range)
      throws IOException {
    long expiresAt = expires.filter(e -> e.matches("\\d{1,12}")).map(Long::parseLong).orElse(-1L);
    UUID id =
        links
            .verify(fileName, expiresAt, sig.orElse(null))
            .orElseThrow(() -> new ApiException(io.micronaut.http.HttpStatus.NOT_FOUND, "NOT_FOUND", "no such video, or the link has expired"));
    return files.serve(generations.findById(id).orElseThrow(() -> ApiException.notFound("video")), range);
  }
}
