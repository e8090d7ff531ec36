package io.reelay.app.models;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One model of the pricing catalog, as configured under {@code reelay.models.<id>} (see
 * application.yml). Turned into an immutable {@link ModelSpec} by {@link ModelCatalog}.
 */
@EachProperty("reelay.models")
public class ModelConfiguration {

  private final String id;
  private boolean enabled = true;
  private String provider;
  private List<String> providers = List.of();
  private String description = "";
  private boolean providerCallsBack;
  private int minDurationSeconds = 1;
  private int maxDurationSeconds = 10;
  private List<Integer> allowedDurations = List.of();
  private List<String> aspectRatios = List.of("16:9", "9:16", "1:1");
  private List<String> resolutions = List.of("480p", "720p", "1080p");
  private Map<String, BigDecimal> pricePerSecondUsd = Map.of();
  private BigDecimal audioPricePerSecondUsd;
  private long pollIntervalSeconds = 10;
  private long deadlineSeconds = 600;
  private boolean imageToVideo;
  private int maxReferenceImages;
  private boolean cameraFixed;

  public ModelConfiguration(@Parameter String id) {
    this.id = id;
  }

  public String getId() {
    return id;
  }

  /** A model whose provider is not set up here is left out of the catalog. */
  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  /** The route: providers to try in order. Empty means just {@link #getProvider()}. */
  public List<String> getProviders() {
    return providers;
  }

  public void setProviders(List<String> providers) {
    this.providers = providers;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public boolean isProviderCallsBack() {
    return providerCallsBack;
  }

  public void setProviderCallsBack(boolean providerCallsBack) {
    this.providerCallsBack = providerCallsBack;
  }

  public int getMinDurationSeconds() {
    return minDurationSeconds;
  }

  public void setMinDurationSeconds(int minDurationSeconds) {
    this.minDurationSeconds = minDurationSeconds;
  }

  public int getMaxDurationSeconds() {
    return maxDurationSeconds;
  }

  public void setMaxDurationSeconds(int maxDurationSeconds) {
    this.maxDurationSeconds = maxDurationSeconds;
  }

  /** When set, only these durations (within min..max) are offered, e.g. [5, 10]. */
  public List<Integer> getAllowedDurations() {
    return allowedDurations;
  }

  public void setAllowedDurations(List<Integer> allowedDurations) {
    this.allowedDurations = allowedDurations;
  }

  public List<String> getAspectRatios() {
    return aspectRatios;
  }

  public void setAspectRatios(List<String> aspectRatios) {
    this.aspectRatios = aspectRatios;
  }

  public List<String> getResolutions() {
    return resolutions;
  }

  public void setResolutions(List<String> resolutions) {
    this.resolutions = resolutions;
  }

  public Map<String, BigDecimal> getPricePerSecondUsd() {
    return pricePerSecondUsd;
  }

  public void setPricePerSecondUsd(Map<String, BigDecimal> pricePerSecondUsd) {
    this.pricePerSecondUsd = pricePerSecondUsd;
  }

  public BigDecimal getAudioPricePerSecondUsd() {
    return audioPricePerSecondUsd;
  }

  public void setAudioPricePerSecondUsd(BigDecimal audioPricePerSecondUsd) {
    this.audioPricePerSecondUsd = audioPricePerSecondUsd;
  }

  public long getPollIntervalSeconds() {
    return pollIntervalSeconds;
  }

  public void setPollIntervalSeconds(long pollIntervalSeconds) {
    this.pollIntervalSeconds = pollIntervalSeconds;
  }

  public long getDeadlineSeconds() {
    return deadlineSeconds;
  }

  public void setDeadlineSeconds(long deadlineSeconds) {
    this.deadlineSeconds = deadlineSeconds;
  }

  /** Whether image_url (a first frame to animate) is accepted. */
  public boolean isImageToVideo() {
    return imageToVideo;
  }

  public void setImageToVideo(boolean imageToVideo) {
    this.imageToVideo = imageToVideo;
  }

  /** How many reference_image_urls are accepted (0 to 5). */
  public int getMaxReferenceImages() {
    return maxReferenceImages;
  }

  public void setMaxReferenceImages(int maxReferenceImages) {
    this.maxReferenceImages = maxReferenceImages;
  }

  /** Whether camera_fixed is accepted. */
  public boolean isCameraFixed() {
    return cameraFixed;
  }

  public void setCameraFixed(boolean cameraFixed) {
    this.cameraFixed = cameraFixed;
  }
}
