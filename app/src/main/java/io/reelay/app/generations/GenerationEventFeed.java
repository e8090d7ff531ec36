package io.reelay.app.generations;

import io.micronaut.context.annotation.Value;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.activities.generations.GenerationEvents.Event;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Follows timelines for the event streams. One poller thread reads the new events of every
 * followed generation in a single query a few times a second, so an open stream holds neither a
 * thread nor a database connection while it waits, and a thousand streams cost one query a tick.
 */
@Singleton
public class GenerationEventFeed implements GracefulShutdownCapable {

  private static final Logger log = LoggerFactory.getLogger(GenerationEventFeed.class);

  private final GenerationEvents events;
  private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "generation-event-feed");
            t.setDaemon(true);
            return t;
          });

  public GenerationEventFeed(
      GenerationEvents events, @Value("${reelay.api.stream-poll-millis:400}") long pollMillis) {
    this.events = events;
    poller.scheduleWithFixedDelay(this::pollOnce, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The generation's events with seq above {@code afterSeq}, as they are written; completes
   * after the terminal event. Cancelling the subscription stops following.
   */
  public Flux<Event> follow(UUID generationId, int afterSeq) {
    return Flux.create(
        sink -> {
          Follower follower = new Follower(generationId, sink, afterSeq);
          sink.onDispose(() -> followers.remove(follower));
          followers.add(follower);
        });
  }

  private void pollOnce() {
    try {
      poll();
    } catch (RuntimeException e) {
      // the database may be briefly away: the followers keep their place and the next tick retries
      log.warn("could not read new generation events: {}", e.toString());
    }
  }

  private void poll() {
    if (followers.isEmpty()) {
      return;
    }
    List<Follower> now = List.copyOf(followers);
    Map<UUID, Integer> from = new HashMap<>();
    for (Follower f : now) {
      from.merge(f.generationId, f.lastSeq, Math::min);
    }
    Map<UUID, List<Event>> found =
        events.after(from).stream().collect(Collectors.groupingBy(Event::generationId));
    for (Follower f : now) {
      for (Event event : found.getOrDefault(f.generationId, List.of())) {
        if (event.seq() <= f.lastSeq) {
          continue; // another stream of the same generation is further behind
        }
        f.lastSeq = event.seq();
        f.sink.next(event);
        if (event.terminal()) {
          f.sink.complete();
          break;
        }
      }
    }
  }

  /**
   * Ends every stream at shutdown instead of holding the drain: a client resumes from its last
   * event (Last-Event-ID) on another instance.
   */
  @Override
  public CompletionStage<?> shutdownGracefully() {
    followers.forEach(f -> f.sink.complete());
    return CompletableFuture.completedFuture(null);
  }

  @PreDestroy
  void stop() {
    poller.shutdownNow();
    followers.forEach(f -> f.sink.complete());
  }

  /** One stream's place in one timeline; lastSeq is only touched by the poller thread. */
  private static final class Follower {
    final UUID generationId;
    final FluxSink<Event> sink;
    int lastSeq;

    Follower(UUID generationId, FluxSink<Event> sink, int lastSeq) {
      this.generationId = generationId;
      this.sink = sink;
      this.lastSeq = lastSeq;
    }
  }
}
