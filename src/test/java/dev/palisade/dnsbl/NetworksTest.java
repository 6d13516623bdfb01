package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworksTest {

  private final Networks acl =
      Networks.parse("192.0.2.0/24, 198.51.100.7\n2001:db8::/48 2001:db8:1::1,192.0.2.0/24");

  @Test
  void keepsTheCanonicalFormInOrderWithoutDuplicates() {
    assertThat(acl.canonical())
        .containsExactly("192.0.2.0/24", "198.51.100.7", "2001:db8::/48", "2001:db8:1::1");
    assertThat(acl.text()).isEqualTo("192.0.2.0/24, 198.51.100.7, 2001:db8::/48, 2001:db8:1::1");
    assertThat(Networks.parse(acl.text())).isEqualTo(acl);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "192.0.2.0, true",
    "192.0.2.255, true",
    "192.0.3.0, false",
    "198.51.100.7, true",
    "198.51.100.8, false",
    "0.0.0.0, false",
  })
  void matchesIpv4Addresses(String address, boolean inside) {
    assertThat(acl.contains(((EntryValue.Ip4Network) EntryValue.parse(address)).address()))
        .isEqualTo(inside);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2001:db8::1, true",
    "2001:db8:0:ffff::1, true",
    "2001:db8:1::1, true",
    "2001:db8:1::2, false",
    "2001:db9::1, false",
  })
  void matchesIpv6Addresses(String address, boolean inside) {
    EntryValue.Ip6Network ip = (EntryValue.Ip6Network) EntryValue.parse(address);
    assertThat(acl.contains(ip.high(), ip.low())).isEqualTo(inside);
  }

  @Test
  void everyAddressIsInsideTheWholeSpace() {
    Networks all = Networks.parse("0.0.0.0/0, ::/0");
    assertThat(all.contains(0x7f000001)).isTrue();
    assertThat(all.contains(-1L, -1L)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "192.0.2.1/24 | '192.0.2.1/24' has host bits set; the network is 192.0.2.0/24",
        "mail.example.com | 'mail.example.com' is not an IPv4 or IPv6 address or network",
        ".example.com | '.example.com' is not an IPv4 or IPv6 address or network",
        "::ffff:192.0.2.1 | '::ffff:192.0.2.1' is an IPv4-mapped IPv6 address",
        "300.1.2.3 | '300.1.2.3'",
        "\"\" | name at least one network",
      })
  void refusesWhatIsNoNetworkNamingIt(String text, String message) {
    assertThatThrownBy(() -> Networks.parse(text))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesMoreThanAHundredNetworks() {
    List<String> many = Collections.nCopies(Networks.MAX_NETWORKS + 1, "192.0.2.1");
    assertThatThrownBy(() -> Networks.parse(many))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("101 networks are more than the 100 allowed");
  }

  @ParameterizedTest(name = "{1} overlaps {0}: {2}")
  @CsvSource({
    "'192.0.2.25, 2001:db8::25', 192.0.2.0/24, 192.0.2.25",
    "'192.0.2.25, 2001:db8::25', 0.0.0.0/0, 192.0.2.25",
    "'192.0.2.25, 2001:db8::25', 192.0.2.25, 192.0.2.25",
    "'192.0.2.25, 2001:db8::25', 192.0.2.26, ''",
    "'192.0.2.25, 2001:db8::25', 2001:db8::/32, 2001:db8::25",
    "'192.0.2.25, 2001:db8::25', ::/0, 2001:db8::25",
    "'192.0.2.25, 2001:db8::25', 2001:db9::/32, ''",
    "'10.0.0.0/8', 10.1.2.3, 10.0.0.0/8",
    "'10.0.0.0/8', 11.0.0.0/8, ''",
    "'10.0.0.0/8', .example.com, ''",
  })
  void findsTheNetworkAnEntrySharesAddressesWith(String networks, String value, String found) {
    String hit = Networks.parse(networks).overlapping(EntryValue.parse(value));

    assertThat(hit == null ? "" : hit).isEqualTo(found);
  }
}
