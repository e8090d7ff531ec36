package io.reelay.activities.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Addresses an image URL must not reach: loopback, private, link-local (cloud metadata at
 * 169.254.169.254 included), any-local, multicast, CGNAT and the other special-purpose blocks of
 * RFC 6890, plus IPv6 forms that carry one of those IPv4 addresses inside them.
 */
public final class NonPublicRanges {

  private static final List<IpRange> RANGES =
      List.of(
          "0.0.0.0/8", // "this network"; 0.0.0.0 reaches the local host on Linux
          "10.0.0.0/8",
          "100.64.0.0/10", // carrier-grade NAT
          "127.0.0.0/8",
          "169.254.0.0/16", // link-local, cloud metadata
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.0.2.0/24",
          "192.88.99.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "224.0.0.0/4", // multicast
          "240.0.0.0/4", // reserved, broadcast
          "::/96", // unspecified, loopback, deprecated IPv4-compatible
          "64:ff9b:1::/48", // local-use NAT64 (RFC 8215): translates into private IPv4 networks
          "100::/64", // discard-only
          "2001::/32", // Teredo: tunnels to an IPv4 address we cannot see
          "2001:db8::/32",
          "fc00::/7", // unique local
          "fe80::/10", // link-local
          "fec0::/10", // old site-local
          "ff00::/8") // multicast
          .stream()
          .map(IpRange::parse)
          .toList();

  private NonPublicRanges() {}

  public static boolean contains(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()
        || RANGES.stream().anyMatch(range -> range.contains(address))) {
      return true;
    }
    return embeddedIpv4(address).map(NonPublicRanges::contains).orElse(false);
  }

  /**
   * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4
   * (2002:aabb:ccdd::) address. Java turns mapped literals into Inet4Address itself, but a
   * resolver may still hand back the IPv6 form, which the OS connects to over IPv4.
   */
  public static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    byte[] v4;
    if (allZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
      v4 = Arrays.copyOfRange(b, 12, 16);
    } else if ((b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B
        && allZero(b, 4, 12)) {
      v4 = Arrays.copyOfRange(b, 12, 16);
    } else if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
      v4 = Arrays.copyOfRange(b, 2, 6);
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
