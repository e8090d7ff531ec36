package io.reelay.app.compat.vinci;

/** Vinci's documented bounds and defaults, where they are not the core's. */
final class VinciRules {

  static final int MIN_SECONDS = 1;
  static final int MAX_SECONDS = 10;
  static final int DEFAULT_SECONDS = 5;
  static final String DEFAULT_ASPECT_RATIO = "16:9";
  /** Vinci's way of saying "no seed": the provider picks one. */
  static final long RANDOM_SEED = -1;
  /** A new key's limit when rate_limit is left out (the native API's default is the server's). */
  static final int DEFAULT_RATE_LIMIT = 10;
  static final int MAX_RATE_LIMIT = 100;
  static final int DEFAULT_USAGE_DAYS = 30;

  static final String DURATION_RULE = "duration_seconds must be an integer from 1 to 10";
  static final String SEED_RULE = "seed must be -1 (random) or an integer from 0 to 4294967295";
  static final String RATE_LIMIT_RULE = "rate_limit must be an integer from 1 to 100";

  private VinciRules() {}
}
