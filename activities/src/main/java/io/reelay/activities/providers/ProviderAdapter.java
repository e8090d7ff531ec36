package io.reelay.activities.providers;

import io.reelay.workflows.generation.JobState;
import io.reelay.workflows.generation.VideoSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Base64;
import java.util.List;

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

  /** Submits a job and answers the provider's id for it. */
  String submit(Submission submission) throws ProviderException;

  JobState poll(String providerJobId) throws ProviderException;

  void cancel(String providerJobId) throws ProviderException;

  /** Opens the finished video. The caller closes it. */
  VideoDownload download(String providerJobId) throws ProviderException;

  /**
   * Called once the video is safely in our asset store. Providers that keep results until told
   * (Venice's /video/complete) delete them here; the default does nothing.
   */
  default void discardResult(String providerJobId) throws ProviderException {}

  /**
   * One job to submit.
   *
   * @param clientReference our generation id: providers that support it use it to deduplicate a
   *                        resubmission
   * @param upstreamModel   the provider's own name of the model (configuration maps ours onto it)
   * @param spec            what to render
   * @param callbackUrl     where the provider should call us when the job ends, or null
   * @param images          the spec's input images with their bytes, first frame first
   */
  record Submission(
      String clientReference, String upstreamModel, VideoSpec spec, URI callbackUrl, List<Image> images) {

    public Image firstFrame() {
      return images.stream().filter(Image::firstFrame).findFirst().orElse(null);
    }

    public List<Image> references() {
      return images.stream().filter(i -> !i.firstFrame()).toList();
    }
  }

  /**
   * An input image, in each form a protocol may want: bytes (multipart), a data URI (base64 in
   * JSON) or a short-lived URL on this server the provider can download it from.
   *
   * @param url signed URL to the stored image, valid for a few hours; contains a secret token,
   *            so adapters must not log it
   */
  record Image(boolean firstFrame, String contentType, byte[] bytes, URI url) {

    public String dataUri() {
      return "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** A file name whose extension matches the content, for multipart uploads. */
    public String fileName() {
      return switch (contentType) {
        case "image/png" -> "image.png";
        case "image/webp" -> "image.webp";
        default -> "image.jpg";
      };
    }
  }

  /** A video being downloaded from a provider. */
  record VideoDownload(InputStream body, String contentType, long contentLength)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
