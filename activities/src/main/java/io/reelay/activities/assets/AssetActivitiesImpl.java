package io.reelay.activities.assets;

import io.opentelemetry.api.common.AttributeKey;
import io.reelay.activities.observability.ClientSpans;
import io.micronaut.context.annotation.Value;
import io.reelay.activities.WorkerStop;
import io.reelay.activities.generations.GenerationEvents;
import io.reelay.activities.generations.GenerationMetrics;
import io.reelay.activities.providers.ProviderActivitiesImpl;
import io.reelay.activities.providers.ProviderAdapter;
import io.reelay.activities.providers.ProviderAdapter.VideoDownload;
import io.reelay.activities.providers.ProviderGuard;
import io.reelay.activities.providers.ProviderMetrics;
import io.reelay.activities.providers.ProviderException;
import io.reelay.activities.providers.ProviderRegistry;
import io.reelay.workflows.generation.AssetActivities;
import io.reelay.workflows.generation.ProviderActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a finished video from the provider into the asset store: size cap, content check (a
 * real MP4 with a video track, whatever the provider's Content-Type says), SHA-256, and the real
 * duration and dimensions that billing uses. Heartbeats while copying so a stuck download is
 * noticed.
 */
@Singleton
public class AssetActivitiesImpl implements AssetActivities {

  private static final int HEARTBEAT_EVERY_BYTES = 4 * 1024 * 1024;
  /** Well inside the workflow's 30 s heartbeat timeout, so a slow but moving download lives. */
  private static final long HEARTBEAT_EVERY_NANOS = 5_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(AssetActivitiesImpl.class);

  private final ProviderRegistry providers;
  private final ProviderGuard guard;
  private final AssetStore store;
  private final GenerationEvents events;
  private final WorkerStop workerStop;
  private final long maxVideoBytes;
  private final ClientSpans spans;
  private final ProviderMetrics providerMetrics;
  private final GenerationMetrics generationMetrics;
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("reelay.provider");
  private static final AttributeKey<Long> VIDEO_BYTES = AttributeKey.longKey("reelay.video.bytes");

  public AssetActivitiesImpl(
      ProviderRegistry providers,
      ProviderGuard guard,
      AssetStore store,
      GenerationEvents events,
      WorkerStop workerStop,
      ClientSpans spans,
      @Value("${reelay.assets.max-video-bytes:1073741824}") long maxVideoBytes,
      ProviderMetrics providerMetrics,
      GenerationMetrics generationMetrics) {
    this.spans = spans;
    this.providers = providers;
    this.guard = guard;
    this.store = store;
    this.events = events;
    this.workerStop = workerStop;
    this.maxVideoBytes = maxVideoBytes;
    this.providerMetrics = providerMetrics;
    this.generationMetrics = generationMetrics;
  }

  @Override
  public StoredVideo store(StoreVideo request) {
    Instant attemptStarted = Instant.now();
    Path download = null;
    String key = "videos/" + request.generationId() + ".mp4";
    try {
      download = Files.createTempFile("reelay-download-", ".mp4");
      String sha256;
      long size;
      ProviderAdapter adapter = providers.adapter(request.provider());
      if (store.size(key).isPresent()) {
        // a retry after the video was stored (and perhaps deleted upstream): use our copy
        return storedAlready(key, download, adapter, request);
      }
      Optional<ProviderGuard.Hold> hold = guard.clearStatusCall(request.provider(), true);
      if (hold.isPresent()) {
        throw new ProviderException(true, "BUDGET_SPENT", hold.get().reason(), hold.get().retryAfter());
      }
      // the span covers the whole transfer: the adapter's request and the copy of its body
      try (ClientSpans.Call call = spans.start("download video");
          VideoDownload video =
              providerMetrics.timed(
                  request.provider(),
                  ProviderMetrics.Operation.DOWNLOAD,
                  () -> guard.call(request.provider(), () -> adapter.download(request.providerJobId())))) {
        call.span().setAttribute(PROVIDER, request.provider());
        if (video.contentLength() > maxVideoBytes) {
          throw tooLarge(video.contentLength());
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        size = copy(video.body(), new DigestOutputStream(Files.newOutputStream(download), digest));
        sha256 = HexFormat.of().formatHex(digest.digest());
        call.span().setAttribute(VIDEO_BYTES, size);
      }
      Mp4Probe.VideoFacts facts;
      try {
        facts = Mp4Probe.probe(download);
      } catch (IOException | RuntimeException e) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the provider delivered something that is not a playable MP4: " + e.getMessage(),
            ProviderActivities.PROVIDER_REJECTED);
      }
      store.put(key, download, "video/mp4");
      StoredVideo stored = new StoredVideo(key, size, sha256, facts.durationMillis(), facts.width(), facts.height());
      if (recordStored(request, stored)) {
        generationMetrics.step(GenerationMetrics.Step.DOWNLOAD, Duration.between(attemptStarted, Instant.now()));
        submittedAt(request).ifPresent(
            submitted -> generationMetrics.step(GenerationMetrics.Step.WAIT, Duration.between(submitted, attemptStarted)));
      }
      discardUpstream(adapter, request);
      return stored;
    } catch (ProviderException e) {
      throw ProviderActivitiesImpl.asFailure(e);
    } catch (IOException e) {
      throw Activity.wrap(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      if (download != null) {
        try {
          Files.deleteIfExists(download);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private StoredVideo storedAlready(String key, Path file, ProviderAdapter adapter, StoreVideo request)
      throws IOException, NoSuchAlgorithmException {
    long size = store.size(key).orElseThrow();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = store.open(key, 0, size)) {
      copy(in, new DigestOutputStream(Files.newOutputStream(file), digest));
    }
    Mp4Probe.VideoFacts facts = Mp4Probe.probe(file);
    StoredVideo stored =
        new StoredVideo(
            key, size, HexFormat.of().formatHex(digest.digest()), facts.durationMillis(), facts.width(), facts.height());
    // the attempt that stored the file may have died before it recorded the event
    recordStored(request, stored);
    discardUpstream(adapter, request);
    return stored;
  }

  /**
   * On the generation's timeline, once however often the activity runs; answers whether this call
   * recorded it, and counts the stored video then (once).
   */
  private boolean recordStored(StoreVideo request, StoredVideo video) {
    boolean recorded =
        events.record(
            UUID.fromString(request.generationId()),
            "stored",
            "stored",
            GenerationEvents.fields(
                "size_bytes", video.sizeBytes(),
                "duration_seconds", video.durationMillis() / 1000.0,
                "width", video.width(),
                "height", video.height()));
    if (recorded) {
      generationMetrics.stored(request.provider(), video.sizeBytes(), video.durationMillis());
    }
    return recorded;
  }

  /** When the job that made the video was accepted: the timeline's last submitted event. */
  private Optional<Instant> submittedAt(StoreVideo request) {
    return events.after(UUID.fromString(request.generationId()), 0).stream()
        .filter(event -> event.type().equals("submitted"))
        .reduce((earlier, later) -> later)
        .map(GenerationEvents.Event::at);
  }

  /** Ours now: providers that keep results until told may delete theirs (best effort). */
  private static void discardUpstream(ProviderAdapter adapter, StoreVideo request) {
    try {
      adapter.discardResult(request.providerJobId());
    } catch (ProviderException | RuntimeException e) {
      log.warn(
          "{} kept the result of job {}: {}", request.provider(), request.providerJobId(), e.getMessage());
    }
  }

  private long copy(InputStream in, OutputStream out) throws IOException {
    try {
      return copyChecked(in, out);
    } catch (InterruptedIOException stopping) {
      throw stopping;
    } catch (IOException e) {
      // the stop's interrupt closes whatever the copy was blocked on (a socket, or the file's
      // channel on a virtual thread), which then fails as a SocketException or a
      // ClosedByInterruptException: it is the same hand-back, so say so in one type
      if (workerStop.requested() || Thread.currentThread().isInterrupted()) {
        // without the interrupted read as its cause: that second stack trace says nothing more and
        // would take the failure past the Temporal server's 4 KB for an activity's last failure,
        // which then shows operators "Failure exceeds size limit" instead of this message
        throw new InterruptedIOException(
            "this worker is stopping; another worker retries the download (the copy ended with " + e + ")");
      }
      throw e;
    }
  }

  private long copyChecked(InputStream in, OutputStream out) throws IOException {
    long total = 0;
    long sinceHeartbeat = 0;
    long lastHeartbeat = System.nanoTime();
    byte[] buffer = new byte[64 * 1024];
    try (out) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (workerStop.requested()) {
          throw new InterruptedIOException("this worker is stopping; another worker retries the download");
        }
        total += n;
        if (total > maxVideoBytes) {
          throw tooLarge(total);
        }
        out.write(buffer, 0, n);
        sinceHeartbeat += n;
        if (sinceHeartbeat >= HEARTBEAT_EVERY_BYTES
            || System.nanoTime() - lastHeartbeat >= HEARTBEAT_EVERY_NANOS) {
          heartbeat(total);
          sinceHeartbeat = 0;
          lastHeartbeat = System.nanoTime();
        }
      }
    }
    return total;
  }

  private static void heartbeat(long bytes) {
    try {
      Activity.getExecutionContext().heartbeat(bytes);
    } catch (IllegalStateException notInActivity) {
      // called outside a worker (tests): nothing to report to
    }
  }

  private ApplicationFailure tooLarge(long bytes) {
    return ApplicationFailure.newNonRetryableFailure(
        "the video is larger than the limit of " + maxVideoBytes + " bytes (" + bytes + ")",
        ProviderActivities.PROVIDER_REJECTED);
  }
}
