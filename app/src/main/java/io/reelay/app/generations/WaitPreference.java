package io.reelay.app.generations;

import io.reelay.app.api.ApiException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=10}): how many seconds a create
 * call may hold its answer for the generation to finish. Other preferences are ignored, as the
 * RFC asks; of several {@code wait}s the first counts (RFC 7240, section 2).
 */
record WaitPreference(int seconds) {

  static final int MAX_SECONDS = 60;

  /** The wait asked for in the request's Prefer headers, if any; 400 when it is not 0 to 60. */
  static Optional<WaitPreference> of(List<String> preferHeaders) {
    for (String header : preferHeaders) {
      for (String preference : header.split(",")) {
        String token = preference.split(";", 2)[0].trim(); // parameters (";...") do not apply
        int equals = token.indexOf('=');
        String name = (equals < 0 ? token : token.substring(0, equals)).trim();
        if (name.equalsIgnoreCase("wait")) {
          return Optional.of(new WaitPreference(seconds(equals < 0 ? "" : token.substring(equals + 1).trim())));
        }
      }
    }
    return Optional.empty();
  }

  /** The value of the Preference-Applied header of a response that honoured it. */
  String applied() {
    return "wait=" + seconds;
  }

  private static int seconds(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1); // a quoted-string is allowed too
    }
    if (value.matches("\\d{1,9}")) {
      int seconds = Integer.parseInt(value);
      if (seconds <= MAX_SECONDS) {
        return seconds;
      }
    }
    throw ApiException.invalid(
        "Prefer", "Prefer: wait must be a whole number of seconds from 0 to " + MAX_SECONDS);
  }
}
