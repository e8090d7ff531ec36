package io.reelay.emulators.videogenapi;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test-steering markers a prompt may carry (see {@link VideoGenApiEmulatorController} for what
 * each one does). Steering through the prompt lets a test drive the emulator through the real
 * client, which passes the prompt along untouched.
 *
 * @param throttledSubmissions how many submissions of this exact prompt answer 429 (0: none)
 */
record VideoGenApiMarkers(
    boolean fail,
    boolean never,
    OptionalLong delaySeconds,
    int serverErrorPolls,
    int throttledSubmissions,
    boolean insufficientCredits,
    boolean expireUrl,
    boolean storageUrl) {

  private static final Pattern DELAY = Pattern.compile("\\[vgapi:delay=(\\d{1,5})]");
  private static final Pattern SERVER_ERRORS = Pattern.compile("\\[vgapi:5xx=(\\d{1,3})]");
  private static final Pattern THROTTLE = Pattern.compile("\\[vgapi:429(?:=(\\d{1,2}))?]");

  static VideoGenApiMarkers in(String prompt) {
    Matcher delay = DELAY.matcher(prompt);
    Matcher serverErrors = SERVER_ERRORS.matcher(prompt);
    Matcher throttle = THROTTLE.matcher(prompt);
    int throttled = 0;
    if (throttle.find()) {
      throttled = throttle.group(1) == null ? 1 : Integer.parseInt(throttle.group(1));
    }
    return new VideoGenApiMarkers(
        prompt.contains("[vgapi:fail]"),
        prompt.contains("[vgapi:never]"),
        delay.find() ? OptionalLong.of(Long.parseLong(delay.group(1))) : OptionalLong.empty(),
        serverErrors.find() ? Integer.parseInt(serverErrors.group(1)) : 0,
        throttled,
        prompt.contains("[vgapi:402]"),
        prompt.contains("[vgapi:expire]"),
        prompt.contains("[vgapi:storage]"));
  }
}
