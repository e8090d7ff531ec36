package io.reelay.emulators.vinci;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test-steering markers a prompt may carry (see {@link VinciEmulatorController} for what each
 * one does). Steering through the prompt lets a test drive the emulator through the real client,
 * which passes the prompt along untouched.
 */
record VinciMarkers(
    boolean fail,
    boolean never,
    OptionalLong delaySeconds,
    int serverErrorPolls,
    boolean throttleOnce,
    boolean insufficientBalance,
    boolean expireUrl) {

  private static final Pattern DELAY = Pattern.compile("\\[vinci:delay=(\\d{1,5})]");
  private static final Pattern SERVER_ERRORS = Pattern.compile("\\[vinci:5xx=(\\d{1,3})]");

  static VinciMarkers in(String prompt) {
    Matcher delay = DELAY.matcher(prompt);
    Matcher serverErrors = SERVER_ERRORS.matcher(prompt);
    return new VinciMarkers(
        prompt.contains("[vinci:fail]"),
        prompt.contains("[vinci:never]"),
        delay.find() ? OptionalLong.of(Long.parseLong(delay.group(1))) : OptionalLong.empty(),
        serverErrors.find() ? Integer.parseInt(serverErrors.group(1)) : 0,
        prompt.contains("[vinci:429]"),
        prompt.contains("[vinci:402]"),
        prompt.contains("[vinci:expire]"));
  }
}
