package io.reelay.workflows.generation;

import java.util.List;

/**
 * What the client asked to be rendered. Travels into workflow history, so it holds nothing secret.
 *
 * @param prompt          text prompt, 1–2000 characters
 * @param negativePrompt  optional negative prompt, or null
 * @param durationSeconds requested length in whole seconds
 * @param aspectRatio     "16:9", "9:16" or "1:1"
 * @param resolution      "480p", "720p" or "1080p"
 * @param seed            optional seed for deterministic output, or null
 * @param audio           whether an audio track is wanted
 * @param audioPrompt     what the audio should sound like, or null
 * @param cameraFixed     true to ask for a static camera, null for the provider's default
 * @param images          input images (first frame and/or references); null or empty for
 *                        text-to-video (and in histories recorded before image inputs existed)
 */
public record VideoSpec(
    String prompt,
    String negativePrompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    Long seed,
    boolean audio,
    String audioPrompt,
    Boolean cameraFixed,
    List<ImageInput> images) {

  /** A text-to-video spec without audio prompt, camera hint or images. */
  public VideoSpec(
      String prompt,
      String negativePrompt,
      int durationSeconds,
      String aspectRatio,
      String resolution,
      Long seed,
      boolean audio) {
    this(prompt, negativePrompt, durationSeconds, aspectRatio, resolution, seed, audio, null, null, null);
  }

  /** The input images, never null. */
  public List<ImageInput> imagesOrEmpty() {
    return images == null ? List.of() : images;
  }

  /** The image to animate, or null for text-to-video and reference-only generations. */
  public ImageInput firstFrame() {
    return imagesOrEmpty().stream().filter(ImageInput::firstFrame).findFirst().orElse(null);
  }

  /** The reference images (style/subject guides), in the client's order. */
  public List<ImageInput> references() {
    return imagesOrEmpty().stream().filter(i -> !i.firstFrame()).toList();
  }
}
