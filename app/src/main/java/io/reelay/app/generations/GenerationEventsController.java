package io.reelay.app.generations;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.generations.GenerationEvents.Event;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A generation's timeline: as one JSON document, or (Accept: text/event-stream) as server-sent
 * events that follow it live until its terminal event.
 */
@Controller("/v1/generations")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "generations")
@ApiKeyErrors
public class GenerationEventsController {

  private static final byte[] OPENING = ": timeline follows\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
  /** Marks the end of the timeline inside the merged stream; compared by identity. */
  private static final byte[] END = new byte[0];

  private final ApiAuth auth;
  private final GenerationStore generations;
  private final GenerationEvents events;
  private final GenerationEventFeed feed;
  private final GenerationEventJson json;
  private final Duration heartbeat;
  private final Duration maxLifetime;

  public GenerationEventsController(
      ApiAuth auth,
      GenerationStore generations,
      GenerationEvents events,
      GenerationEventFeed feed,
      GenerationEventJson json,
      @Value("${reelay.api.stream-heartbeat-seconds:15}") long heartbeatSeconds,
      @Value("${reelay.api.stream-max-seconds:3600}") long maxLifetimeSeconds) {
    this.auth = auth;
    this.generations = generations;
    this.events = events;
    this.feed = feed;
    this.json = json;
    this.heartbeat = Duration.ofSeconds(Math.max(1, heartbeatSeconds));
    this.maxLifetime = Duration.ofSeconds(Math.max(1, maxLifetimeSeconds));
  }

  /**
   * One route for both forms: two routes that differ only in what they produce make a request
   * without an Accept header ambiguous (400 from the router).
   */
  @Get(uri = "/{id}/events", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  @Operation(
      operationId = "getGenerationEvents",
      summary = "A generation's timeline",
      description = "JSON, or with Accept: text/event-stream server-sent events that follow it live until it ends.")
  @ApiResponse(
      responseCode = "200",
      description = "The timeline.",
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GenerationTimeline.class)),
        @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string", description = "id: <seq>, event: <type>, data: <TimelineEvent as JSON>"))
      })
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: Last-Event-ID.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<?> events(
      HttpRequest<?> request,
      @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id,
      @Parameter(description = "Resume a stream after this event id.") @Header("Last-Event-ID") Optional<String> lastEventId) {
    GenerationRecord generation = find(auth.account(request), id);
    // named explicitly: curl's "Accept: */*" gets the JSON document
    boolean stream =
        request.accept().stream().anyMatch(type -> type.getName().equalsIgnoreCase(MediaType.TEXT_EVENT_STREAM));
    return stream
        ? stream(generation, lastEventId)
        : HttpResponse.ok(timeline(generation)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private GenerationTimeline timeline(GenerationRecord generation) {
    return new GenerationTimeline(
        generation.id(), shownStatus(generation), events.after(generation.id(), 0).stream().map(json::view).toList());
  }

  /**
   * Every event so far (after Last-Event-ID, when the client resumes), then each new one as it is
   * written; a comment line every heartbeat keeps proxies from closing an idle stream. Ends after
   * the terminal event, or after the lifetime cap (the client resumes with Last-Event-ID).
   */
  private HttpResponse<Flux<byte[]>> stream(GenerationRecord generation, Optional<String> lastEventId) {
    int after = parseLastEventId(lastEventId);
    List<Event> backlog = events.after(generation.id(), after);
    // The row turns terminal in the transaction that writes the terminal event, so a generation
    // read as terminal has its whole timeline in the backlog (older generations may have none).
    boolean ended = generation.terminal() || backlog.stream().anyMatch(Event::terminal);
    int seen = backlog.isEmpty() ? after : backlog.get(backlog.size() - 1).seq();
    Flux<Event> timeline =
        ended
            ? Flux.fromIterable(backlog)
            : Flux.concat(Flux.fromIterable(backlog), feed.follow(generation.id(), seen));
    Flux<byte[]> frames = timeline.map(this::frame).concatWith(Mono.just(END));
    Flux<byte[]> heartbeats = Flux.interval(heartbeat, heartbeat).map(tick -> HEARTBEAT);
    Flux<byte[]> body =
        Flux.concat(Flux.just(OPENING), Flux.merge(frames, heartbeats).takeWhile(frame -> frame != END))
            .take(maxLifetime);
    return HttpResponse.ok(body)
        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no"); // nginx: pass each event on at once
  }

  private byte[] frame(Event event) {
    String frame =
        "id: " + event.seq() + "\nevent: " + event.type() + "\ndata: " + json.text(event) + "\n\n";
    return frame.getBytes(StandardCharsets.UTF_8);
  }

  private static int parseLastEventId(Optional<String> header) {
    String value = header.map(String::trim).orElse("");
    if (value.isEmpty()) {
      return 0;
    }
    try {
      int seq = Integer.parseInt(value);
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the error
    }
    throw ApiException.invalid("Last-Event-ID", "Last-Event-ID must be the id of an event of this stream");
  }

  /** As the generation object shows it: a refused create (402) is a failed generation. */
  private static String shownStatus(GenerationRecord generation) {
    return generation.status().apiWord();
  }

  private GenerationRecord find(UUID account, String id) {
    UUID generationId;
    try {
      generationId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("generation");
    }
    return generations.find(account, generationId).orElseThrow(() -> ApiException.notFound("generation"));
  }
}
