package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryValueTest {

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.1            | 192.0.2.1              | IPV4",
        "192.0.2.1/32         | 192.0.2.1              | IPV4",
        "  192.0.2.1  	      | 192.0.2.1              | IPV4",
        "10.0.0.0/8           | 10.0.0.0/8             | IPV4",
        "10.1.2.0/24          | 10.1.2.0/24            | IPV4",
        "0.0.0.0/0            | 0.0.0.0/0              | IPV4",
        "255.255.255.255      | 255.255.255.255        | IPV4",
        "198.51.100.128/25    | 198.51.100.128/25      | IPV4",
        "0.0.0.0              | 0.0.0.0                | IPV4",
        "2001:db8::1          | 2001:db8::1            | IPV6",
        "2001:DB8::1          | 2001:db8::1            | IPV6",
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1 | IPV6",
        "2001:db8::/32        | 2001:db8::/32          | IPV6",
        "2001:db8::/128       | 2001:db8::             | IPV6",
        "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1      | IPV6",
        "2001:0:0:1:0:0:0:1   | 2001:0:0:1::1          | IPV6",
        "::                   | ::                     | IPV6",
        "::/0                 | ::/0                   | IPV6",
        "::1                  | ::1                    | IPV6",
        "fe80::/10            | fe80::/10              | IPV6",
        "::ffff:192.0.2.1     | ::ffff:192.0.2.1       | IPV6",
        "::ffff:c000:201      | ::ffff:192.0.2.1       | IPV6",
        "2001:db8:1:2:3:4:5:6 | 2001:db8:1:2:3:4:5:6   | IPV6",
        "example.com          | example.com            | DOMAIN",
        "Example.COM          | example.com            | DOMAIN",
        "example.com.         | example.com            | DOMAIN",
        ".example.com         | .example.com           | DOMAIN",
        "*.example.com        | *.example.com          | DOMAIN",
        "*.example.com.       | *.example.com          | DOMAIN",
        "com                  | com                    | DOMAIN",
        ".com                 | .com                   | DOMAIN",
        "mail-1.example.org   | mail-1.example.org     | DOMAIN",
        "_dmarc.example.net   | _dmarc.example.net     | DOMAIN",
        "bücher.example       | xn--bcher-kva.example  | DOMAIN",
        ".münchen.test        | .xn--mnchen-3ya.test   | DOMAIN",
        "xn--bcher-kva.example | xn--bcher-kva.example | DOMAIN",
        "123.example          | 123.example            | DOMAIN",
      })
  void acceptsAndCanonicalizes(String input, String canonical, ValueType type) {
    EntryValue value = EntryValue.parse(input);

    assertThat(value.canonical()).isEqualTo(canonical);
    assertThat(value.type()).isEqualTo(type);
    assertThat(EntryValue.parse(value.canonical())).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.1.2.3/24          | host bits set; the network is 10.1.2.0/24",
        "192.0.2.1/31         | host bits set; the network is 192.0.2.0/31",
        "2001:db8::1/64       | host bits set; the network is 2001:db8::/64",
        "256.1.1.1            | octet above 255",
        "1.2.3                | rbldnsd partial address; write the network in full, 1.2.3.0/24",
        "10.22/16             | rbldnsd partial address; write the network in full, 10.22.0.0/16",
        "10.22.1-5            | is an rbldnsd IPv4 range; one entry is one address or CIDR",
        "192.0.2.10-192.0.2.20 | is an rbldnsd IPv4 range",
        "10.1-10.3            | ip4set format",
        "1.2.3.4.5            | not a valid IPv4 address",
        "01.2.3.4             | leading zero",
        "1..2.3               | not a valid IPv4 address",
        ".                    | has no domain name",
        "1.2.3.4.             | not a valid IPv4 address",
        "1.2.3.4/33           | invalid prefix length; expected /0 to /32",
        "1.2.3.4/             | invalid prefix length",
        "1.2.3.4/-1           | invalid prefix length",
        "1.2.3.4/08           | invalid prefix length",
        "2001:db8::/129       | invalid prefix length; expected /0 to /128",
        "2001:db8:::1         | not a valid IPv6 address",
        "2001:db8::g          | not a valid IPv6 address",
        "1:2:3:4:5:6:7:8:9    | not a valid IPv6 address",
        "fe80::1%eth0         | not a valid IPv6 address",
        "example.com/24       | has a prefix length but is not an IPv4 or IPv6 address",
        "exa mple.com         | contains whitespace",
        "example..com         | empty label",
        "*.                   | has no domain name",
        "**.example.com       | wildcard is only allowed as the first label",
        "a.*.example.com      | wildcard is only allowed as the first label",
        "-example.com         | starts or ends with a hyphen",
        "example-.com         | starts or ends with a hyphen",
        "exa!mple.com         | contains '!'",
        "user@example.com     | is a mail address; lists hold domains: enter example.com",
        "http://example.com   | is a URL; enter the host it names, example.com",
        "https://u@spam.example:8443/x?y | is a URL; enter the host it names, spam.example (or"
            + " .spam.example",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com | label longer than"
            + " 63",
      })
  void rejectsWithAClearMessage(String input, String message) {
    assertThatThrownBy(() -> EntryValue.parse(input))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsEmptyAndMissingValues() {
    assertThatThrownBy(() -> EntryValue.parse("")).hasMessage("value is empty");
    assertThatThrownBy(() -> EntryValue.parse("   ")).hasMessage("value is empty");
    assertThatThrownBy(() -> EntryValue.parse(null)).hasMessage("value is missing");
  }

  @Test
  void rejectsNamesLongerThan253Characters() {
    String name = ("a".repeat(60) + ".").repeat(5) + "example";

    assertThatThrownBy(() -> EntryValue.parse(name))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("longer than 253 characters");
  }

  @Test
  void domainPatternsKnowWhatTheyMatch() {
    assertThat(EntryValue.parse("example.com"))
        .isEqualTo(new EntryValue.DomainPattern("example.com", EntryValue.DomainMatch.EXACT));
    assertThat(EntryValue.parse(".example.com"))
        .isEqualTo(
            new EntryValue.DomainPattern(
                "example.com", EntryValue.DomainMatch.SELF_AND_SUBDOMAINS));
    assertThat(EntryValue.parse("*.example.com"))
        .isEqualTo(new EntryValue.DomainPattern("example.com", EntryValue.DomainMatch.SUBDOMAINS));
  }

  /** The DNS answers write an IPv6 subject into a builder they reuse, after what it holds. */
  @ParameterizedTest
  @CsvSource({
    "2001:db8::1",
    "2001:db8::1:0:0:1",
    "2001:0:0:1::1",
    "2001:db8:0:1:1:1:1:1",
    "::",
    "::1",
    "fe80::",
    "::ffff:192.0.2.1",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
  })
  void appendsAnAddressAsItsCanonicalText(String text) {
    var value = (EntryValue.Ip6Network) EntryValue.parse(text);
    StringBuilder out = new StringBuilder("before ");

    EntryValue.Ip6Network.appendAddress(value.high(), value.low(), out);

    assertThat(out).hasToString("before " + text);
    assertThat(value.canonical()).isEqualTo(text);
  }

  @Test
  void networksContainTheirAddresses() {
    var v4 = (EntryValue.Ip4Network) EntryValue.parse("10.0.0.0/8");
    assertThat(v4.contains(0x0a010203)).isTrue();
    assertThat(v4.contains(0x0b000000)).isFalse();

    var v6 = (EntryValue.Ip6Network) EntryValue.parse("2001:db8::/32");
    assertThat(v6.contains(0x20010db800000000L, 1)).isTrue();
    assertThat(v6.contains(0x20010db900000000L, 1)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.2, 2130706434", "127.0.0.10, 2130706442", "127.255.255.255, 2147483647"})
  void parsesReturnCodesInLoopbackRange(String text, int expected) {
    assertThat(ReturnCode.parse(text)).isEqualTo(expected);
    assertThat(ReturnCode.format(expected)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.2    | outside 127.0.0.0/8",
        "127.0.0.1   | reserved",
        "127.0.0.0   | reserved",
        "127.0.0     | not an IPv4 address in 127.0.0.0/8",
        "localhost   | not an IPv4 address in 127.0.0.0/8",
      })
  void rejectsReturnCodesOutsideLoopbackRange(String text, String message) {
    assertThatThrownBy(() -> ReturnCode.parse(text))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining(message);
  }
}
