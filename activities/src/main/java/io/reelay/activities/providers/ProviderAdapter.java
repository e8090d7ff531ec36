package io.reelay.activities.providers;

import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * The client side of one upstream video API. Adapters talk real HTTP to their provider and
 * translate its statuses and errors into {@link JobState} and {@link ProviderException}.
 */
public interface ProviderAdapter {

  /** The provider's name in routes, callbacks and search attributes, e.g. "sim". */
  String name();

  /** Whether the provider can call our webhook when a job ends (else we only poll). */
  default boolean supportsCallbacks() {
    return false;
  }

  /**
   * Submits a job. {@code clientReference} is our generation id: providers that support it use
   * it to deduplicate a resubmission. {@code callbackUrl} is null when no callback is wanted.
   */
  String submit(String clientReference, String model, VideoSpec spec, URI callbackUrl)
      throws ProviderException;

  JobState poll(String providerJobId) throws ProviderException;

  void cancel(String providerJobId) throws ProviderException;

  /** Opens the finished video. The caller closes it. */
  VideoDownload download(String providerJobId) throws ProviderException;

  /** A video being downloaded from a provider. */
  record VideoDownload(InputStream body, String contentType, long contentLength)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
