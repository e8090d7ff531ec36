package io.reelay.emulators.venice;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test-steering markers a prompt may carry (see {@link VeniceEmulatorController} for what each
 * one does). Steering through the prompt lets a test drive the emulator through the real client,
 * which passes the prompt along untouched.
 */
record VeniceMarkers(
    boolean fail,
    boolean never,
    OptionalLong delaySeconds,
    int serverErrorRetrieves,
    boolean throttleOnce,
    boolean insufficientBalance,
    int paddingMebibytes) {

  private static final Pattern DELAY = Pattern.compile("\\[venice:delay=(\\d{1,5})]");
  private static final Pattern SERVER_ERRORS = Pattern.compile("\\[venice:5xx=(\\d{1,3})]");
  private static final Pattern PADDING = Pattern.compile("\\[venice:pad=(\\d{1,4})]");
  /** Enough to outgrow any socket buffer; a 32-bit MP4 box holds at most 4 GiB anyway. */
  static final int MAX_PADDING_MEBIBYTES = 1024;

  static VeniceMarkers in(String prompt) {
    Matcher delay = DELAY.matcher(prompt);
    Matcher serverErrors = SERVER_ERRORS.matcher(prompt);
    Matcher padding = PADDING.matcher(prompt);
    return new VeniceMarkers(
        prompt.contains("[venice:fail]"),
        prompt.contains("[venice:never]"),
        delay.find() ? OptionalLong.of(Long.parseLong(delay.group(1))) : OptionalLong.empty(),
        serverErrors.find() ? Integer.parseInt(serverErrors.group(1)) : 0,
        prompt.contains("[venice:429]"),
        prompt.contains("[venice:402]"),
        padding.find() ? Math.min(MAX_PADDING_MEBIBYTES, Integer.parseInt(padding.group(1))) : 0);
  }
}
