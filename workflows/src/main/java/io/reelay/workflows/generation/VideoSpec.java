package io.reelay.workflows.generation;

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
 */
public record VideoSpec(
    String prompt,
    String negativePrompt,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    Long seed,
    boolean audio) {}
