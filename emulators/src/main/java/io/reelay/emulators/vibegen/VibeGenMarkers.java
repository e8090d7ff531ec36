package io.reelay.emulators.vibegen;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test-steering markers a prompt may carry (see {@link VibeGenEmulatorController} for what
 * each one does). Steering through the prompt lets a test drive the emulator through the real
 * client, which passes the prompt along untouched.
 */
record VibeGenMarkers(
    boolean fail,
    boolean never,
    OptionalLong delaySeconds,
    int serverErrorPolls,
    boolean throttleOnce,
    boolean insufficientCredits,
    boolean expireUrl,
    boolean callbackTwice,
    long callbackLateSeconds,
    boolean callbackEarly,
    boolean noCallback) {

  private static final Pattern DELAY = Pattern.compile("\\[vibegen:delay=(\\d{1,5})]");
  private static final Pattern SERVER_ERRORS = Pattern.compile("\\[vibegen:5xx=(\\d{1,3})]");
  private static final Pattern CALLBACK_LATE = Pattern.compile("\\[vibegen:callback-late=(\\d{1,5})]");

  static VibeGenMarkers in(String prompt) {
    Matcher delay = DELAY.matcher(prompt);
    Matcher serverErrors = SERVER_ERRORS.matcher(prompt);
    Matcher callbackLate = CALLBACK_LATE.matcher(prompt);
    return new VibeGenMarkers(
        prompt.contains("[vibegen:fail]"),
        prompt.contains("[vibegen:never]"),
        delay.find() ? OptionalLong.of(Long.parseLong(delay.group(1))) : OptionalLong.empty(),
        serverErrors.find() ? Integer.parseInt(serverErrors.group(1)) : 0,
        prompt.contains("[vibegen:429]"),
        prompt.contains("[vibegen:402]"),
        prompt.contains("[vibegen:expire]"),
        prompt.contains("[vibegen:callback-twice]"),
        callbackLate.find() ? Long.parseLong(callbackLate.group(1)) : 0,
        prompt.contains("[vibegen:callback-early]"),
        prompt.contains("[vibegen:no-callback]"));
  }
}
