package io.reelay.app.compat.videogenapi;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VideoGenAPI's generation ids ({@code gen_<hex>_<digits>}) made from the generation's UUID and
 * back, so the door needs no table of its own. The document's ids hold 13 hex digits and 6
 * decimal ones, too few for 128 bits: ours keep its shape with longer parts, the UUID's first 13
 * hex digits and then its remaining 76 bits as 23 decimal digits.
 */
final class VideoGenApiIds {

  private static final int HEX_DIGITS = 13;
  private static final int DECIMAL_DIGITS = 23;
  private static final int LOW_BITS = 128 - HEX_DIGITS * 4;
  private static final Pattern ID = Pattern.compile("^gen_([0-9a-f]{13})_([0-9]{23})$");
  private static final Pattern UUID_GROUPS = Pattern.compile("^(.{8})(.{4})(.{4})(.{4})(.{12})$");

  private VideoGenApiIds() {}

  /** {@code gen_<13 hex>_<23 digits>}. */
  static String of(UUID generationId) {
    String hex = generationId.toString().replace("-", "");
    BigInteger low = new BigInteger(hex.substring(HEX_DIGITS), 16);
    return "gen_" + hex.substring(0, HEX_DIGITS) + "_" + String.format(Locale.ROOT, "%0" + DECIMAL_DIGITS + "d", low);
  }

  /** The UUID an id was made from; empty for anything this door never handed out. */
  static Optional<UUID> parse(String id) {
    Matcher parts = id == null ? null : ID.matcher(id);
    if (parts == null || !parts.matches()) {
      return Optional.empty();
    }
    BigInteger low = new BigInteger(parts.group(2));
    if (low.bitLength() > LOW_BITS) {
      return Optional.empty();
    }
    String lowHex = String.format(Locale.ROOT, "%0" + (LOW_BITS / 4) + "x", low);
    String hex = parts.group(1) + lowHex;
    return Optional.of(UUID.fromString(UUID_GROUPS.matcher(hex).replaceFirst("$1-$2-$3-$4-$5")));
  }
}
