package io.reelay.app.compat.videogenapi;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code type} of a generation: decided by the create's fields. One image and reference
 * images (multi-image) are both image-to-video; the document calls both modes that.
 */
enum GenerationType {
  TEXT_TO_VIDEO("text-to-video"),
  IMAGE_TO_VIDEO("image-to-video");

  private final String word;

  GenerationType(String word) {
    this.word = word;
  }

  String word() {
    return word;
  }

  /** The mode the document's automatic detection picks for these fields. */
  static GenerationType of(GenerateRequest request) {
    boolean images =
        request.imageUrl() != null
            || (request.referenceImageUrls() != null && !request.referenceImageUrls().isEmpty());
    return images ? IMAGE_TO_VIDEO : TEXT_TO_VIDEO;
  }

  static Optional<GenerationType> ofWord(String word) {
    return Arrays.stream(values()).filter(type -> type.word.equals(word)).findFirst();
  }
}
