package io.reelay.activities.assets.images;

import io.reelay.activities.net.IpRange;
import io.reelay.activities.net.NonPublicRanges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses count as non-public, and how allow-listed ranges parse. Literals only: no DNS. */
class ImageFetcherAddressRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1", "127.255.0.9", "10.20.30.40", "172.16.0.5", "172.31.255.255", "192.168.1.10",
        "169.254.169.254", "0.0.0.0", "100.64.0.1", "100.127.255.254", "224.0.0.251", "255.255.255.255",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::127.0.0.1"
      })
  void nonPublic(String literal) throws Exception {
    assertTrue(NonPublicRanges.contains(InetAddress.getByName(literal)), literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111"})
  void isPublic(String literal) throws Exception {
    assertFalse(NonPublicRanges.contains(InetAddress.getByName(literal)), literal);
  }

  @Test
  void ipv4InsideIpv6FormsIsSeen() throws Exception {
    // a resolver can hand these back as Inet6Address; the OS then connects over IPv4
    assertTrue(NonPublicRanges.contains(ipv6(0, 0, 0, 0, 0, 0xFFFF, 0xA9FE, 0xA9FE)), "::ffff:169.254.169.254");
    assertTrue(NonPublicRanges.contains(ipv6(0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 0x0001)), "::ffff:127.0.0.1");
    assertTrue(NonPublicRanges.contains(ipv6(0x64, 0xFF9B, 0, 0, 0, 0, 0x0A00, 0x0001)), "64:ff9b::10.0.0.1");
    assertTrue(NonPublicRanges.contains(ipv6(0x2002, 0xC0A8, 0x0101, 0, 0, 0, 0, 1)), "2002:c0a8:101:: (6to4 of 192.168.1.1)");
    assertTrue(NonPublicRanges.contains(ipv6(0x64, 0xFF9B, 1, 0, 0, 0, 0x0808, 0x0808)), "64:ff9b:1::8.8.8.8 (local-use NAT64)");
    assertFalse(NonPublicRanges.contains(ipv6(0, 0, 0, 0, 0, 0xFFFF, 0x0808, 0x0808)), "::ffff:8.8.8.8");
  }

  @Test
  void allowListedRangesParse() throws Exception {
    IpRange ten = IpRange.parse("10.1.0.0/16");
    assertTrue(ten.contains(InetAddress.getByName("10.1.200.3")));
    assertFalse(ten.contains(InetAddress.getByName("10.2.0.1")));
    assertFalse(ten.contains(InetAddress.getByName("::1")));

    IpRange one = IpRange.parse("127.0.0.1");
    assertEquals(32, one.prefixLength());
    assertFalse(one.contains(InetAddress.getByName("127.0.0.2")));

    IpRange ula = IpRange.parse("[fd00::]/8");
    assertTrue(ula.contains(InetAddress.getByName("fd12::1")));
    assertTrue(IpRange.parse("172.16.0.0/12").contains(InetAddress.getByName("172.20.1.1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com/24", "10.0.0.0/33", "10.0.0.0/x", "localhost", "::1/129", ""})
  void malformedRangesFailAtStartup(String cidr) {
    assertThrows(IllegalArgumentException.class, () -> IpRange.parse(cidr));
  }

  @Test
  void aBadAllowListStopsTheFetcherFromBeingBuilt() {
    ImageFetchPolicy policy =
        new ImageFetchPolicy(
            1024, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 0,
            java.util.List.of(), java.util.List.of("intranet.example/8"));
    assertThrows(IllegalArgumentException.class, () -> new ImageFetcher(policy));
  }

  private static InetAddress ipv6(int... groups) throws Exception {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (groups[i] >> 8);
      bytes[2 * i + 1] = (byte) groups[i];
    }
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}
