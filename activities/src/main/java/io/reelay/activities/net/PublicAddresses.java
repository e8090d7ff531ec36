package io.reelay.activities.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The address rule for every URL a customer gives us to call (image inputs, webhooks): its host
 * must resolve only to public addresses ({@link NonPublicRanges}) unless the host name or the
 * address is allow-listed. Callers connect to the very addresses screened here ({@link
 * PinnedHttp}), so a second DNS answer cannot slip in between check and connect.
 */
public final class PublicAddresses {

  private final Set<String> allowedHosts;
  private final List<IpRange> allowedRanges;

  /**
   * @param allowedHosts host names exempt from the rule (exact, case-insensitive)
   * @param allowedCidrs address ranges exempt from the rule, e.g. {@code 10.1.0.0/16} or {@code
   *                     127.0.0.1}; parsed now, so a typo fails at startup, not per request
   */
  public PublicAddresses(List<String> allowedHosts, List<String> allowedCidrs) {
    this.allowedHosts = Set.copyOf(allowedHosts.stream().map(PublicAddresses::normalizedHost).toList());
    this.allowedRanges = allowedCidrs.stream().map(IpRange::parse).toList();
  }

  /** Why a host was refused. */
  public enum Refusal {
    /** The name does not resolve. */
    UNRESOLVED,
    /** One of its addresses is loopback, private, link-local or otherwise not public. */
    NON_PUBLIC
  }

  /** A refused host; the message is safe to show to the customer who gave it. */
  public static final class RefusedHostException extends Exception {
    private final Refusal refusal;

    RefusedHostException(Refusal refusal, String message) {
      super(message);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  /**
   * All addresses of the host, or a refusal if any one is not public: checking only the one we
   * would use leaves a round-robin answer that mixes in 127.0.0.1 to chance.
   *
   * @param what how to name the host in a refusal, e.g. "image host"
   */
  public List<InetAddress> screen(String host, String what) throws RefusedHostException {
    String normalized = normalizedHost(host);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(normalized);
    } catch (UnknownHostException | SecurityException e) {
      throw new RefusedHostException(Refusal.UNRESOLVED, what + " " + normalized + " does not resolve");
    }
    if (allowedHosts.contains(normalized)) {
      return List.of(addresses);
    }
    for (InetAddress address : addresses) {
      if (NonPublicRanges.contains(address) && !allowListed(address)) {
        throw new RefusedHostException(
            Refusal.NON_PUBLIC,
            what + " " + normalized + " is a loopback, private, link-local or otherwise non-public address");
      }
    }
    return List.of(addresses);
  }

  private boolean allowListed(InetAddress address) {
    InetAddress inner = NonPublicRanges.embeddedIpv4(address).orElse(address);
    return allowedRanges.stream().anyMatch(range -> range.contains(address) || range.contains(inner));
  }

  /** Lower-case, no IPv6 brackets, no trailing root dot: the form we resolve and allow-list. */
  public static String normalizedHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
