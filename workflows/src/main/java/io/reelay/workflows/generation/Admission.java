package io.reelay.workflows.generation;

/**
 * The answer to "was this generation admitted?", returned by the admission update once the
 * reserve step has finished.
 *
 * @param admitted  true when the hold was placed and the generation will run
 * @param errorCode when refused, the API error code (e.g. INSUFFICIENT_CREDITS)
 * @param message   when refused, a human-readable reason
 */
public record Admission(boolean admitted, String errorCode, String message) {

  public static Admission accepted() {
    return new Admission(true, null, null);
  }

  public static Admission refused(String errorCode, String message) {
    return new Admission(false, errorCode, message);
  }
}
