package io.reelay.activities.assets.images;

/**
 * An image input we will not use, with a reason the API turns into its answer: 413 for
 * {@link Reason#TOO_LARGE}, 400 for the rest. Messages are written for the caller and never
 * name the addresses a host resolved to.
 */
public class ImageRejectedException extends Exception {

  /** Why an image input was refused. */
  public enum Reason {
    /** Not an http(s) URL or a base64 data: URI, user info in the URL, a malformed redirect. */
    INVALID_URL,
    /** The host is, or resolves to, a loopback, private, link-local or otherwise non-public address. */
    FORBIDDEN_ADDRESS,
    /** Over the configured size cap, declared or counted. */
    TOO_LARGE,
    /** The content is not JPEG, PNG or WebP, whatever the name or Content-Type say. */
    UNSUPPORTED_TYPE,
    /** The host does not resolve, refuses, fails TLS, answers an error or redirects too often. */
    UNREACHABLE,
    /** Connecting or reading took longer than the configured timeouts. */
    TIMEOUT
  }

  private final Reason reason;

  public ImageRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The status the API answers with: 413 for an image over the cap, else 400. */
  public int httpStatus() {
    return reason == Reason.TOO_LARGE ? 413 : 400;
  }
}
