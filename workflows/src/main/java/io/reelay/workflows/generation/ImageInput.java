package io.reelay.workflows.generation;

/**
 * An input image the API fetched (or received) and put in the asset store before the workflow
 * started. Only this reference travels in workflow history, never the bytes nor the client's URL.
 *
 * @param role        {@link #FIRST_FRAME} (the image to animate) or {@link #REFERENCE}
 * @param assetKey    where the bytes are in the asset store
 * @param contentType image/jpeg, image/png or image/webp (checked by content)
 * @param sizeBytes   the file's size
 * @param sha256      hex digest of the bytes
 */
public record ImageInput(
    String role, String assetKey, String contentType, long sizeBytes, String sha256) {

  public static final String FIRST_FRAME = "first_frame";
  public static final String REFERENCE = "reference";

  public boolean firstFrame() {
    return FIRST_FRAME.equals(role);
  }
}
