package io.reelay.activities.assets.images;

/**
 * An image input that passed every check: its bytes, the media type its content proved
 * ({@code image/jpeg}, {@code image/png} or {@code image/webp}) and its size in pixels as read
 * from the header, or -1 when the header does not say it where we look.
 *
 * <p>The array is not copied (inputs can be megabytes); treat it as read-only.
 */
public record FetchedImage(byte[] bytes, String mediaType, int width, int height) {

  @Override
  public String toString() {
    return "FetchedImage[" + mediaType + ", " + bytes.length + " bytes, " + width + "x" + height + "]";
  }
}
