package io.reelay.app.api;

/** The API's JSON names are the records' component names in snake_case. */
public final class WireNames {

  private WireNames() {}

  /** {@code rateLimitPerMinute -> rate_limit_per_minute}. */
  public static String snakeCase(String javaName) {
    StringBuilder out = new StringBuilder(javaName.length() + 4);
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
