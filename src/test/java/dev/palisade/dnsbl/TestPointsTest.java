package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestPointsTest {

  @Test
  void answersWhatRfc5782AndRbldnsdAnswer() {
    assertThat(ReturnCode.format(TestPoints.RETURN_CODE)).isEqualTo("127.0.0.2");
    assertThat(TestPoints.TXT).isEqualTo("RFC 5782 test point: $ is always listed");
    assertThat(ReturnCode.format(TestPoints.LISTED_IP4)).isEqualTo("127.0.0.2");
    assertThat(ReturnCode.format(TestPoints.UNLISTED_IP4)).isEqualTo("127.0.0.1");
    assertThat(TestPoints.LISTED_DOMAIN).isEqualTo("test");
    assertThat(TestPoints.UNLISTED_DOMAIN).isEqualTo("invalid");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "::ffff:7f00:2 | 0x0000ffff7f000002",
        "::ffff:7f00:1 | 0x0000ffff7f000001",
      })
  void spellsTheIp6TestPointsAsTheirNumbers(String text, String low) {
    long number = Long.decode(low);
    assertThat(EntryValue.parse(text)).isEqualTo(new EntryValue.Ip6Network(0, number, 128));
    assertThat(text)
        .isEqualTo(
            number == TestPoints.LISTED_IP6_LOW
                ? TestPoints.LISTED_IP6_TEXT
                : TestPoints.UNLISTED_IP6_TEXT);
  }

  @ParameterizedTest(name = "{0}: listed={1}, unlisted={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.2   | true  | false",
        "127.0.0.1   | false | true",
        "127.0.0.3   | false | false",
        "2.0.0.127   | false | false",
        "192.0.2.1   | false | false",
        "0.0.0.0     | false | false",
      })
  void knowsTheIp4TestPoints(String address, boolean listed, boolean unlisted) {
    int ip = ((EntryValue.Ip4Network) EntryValue.parse(address)).address();
    assertThat(TestPoints.isListedIp4(ip)).isEqualTo(listed);
    assertThat(TestPoints.isUnlistedIp4(ip)).isEqualTo(unlisted);
  }

  @ParameterizedTest(name = "{0}: listed={1}, unlisted={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "::ffff:7f00:2       | true  | false",
        "::ffff:127.0.0.2    | true  | false",
        "::ffff:7f00:1       | false | true",
        "::7f00:2            | false | false",
        "1::ffff:7f00:2      | false | false",
        "2001:db8::ffff:7f00:2 | false | false",
        "::ffff:7f00:3       | false | false",
        "::                  | false | false",
      })
  void knowsTheIp6TestPoints(String address, boolean listed, boolean unlisted) {
    EntryValue.Ip6Network ip = (EntryValue.Ip6Network) EntryValue.parse(address);
    assertThat(TestPoints.isListedIp6(ip.high(), ip.low())).isEqualTo(listed);
    assertThat(TestPoints.isUnlistedIp6(ip.high(), ip.low())).isEqualTo(unlisted);
  }

  @ParameterizedTest(name = "{0}: listed={1}, unlisted={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "test              | true  | false",
        "a.test            | false | false",
        "test.example      | false | false",
        "invalid           | false | true",
        "a.invalid         | false | true",
        "a.b.invalid       | false | true",
        "notinvalid        | false | false",
        "invalid.example   | false | false",
        "example.com       | false | false",
      })
  void knowsTheDomainTestPoints(String name, boolean listed, boolean unlisted) {
    assertThat(TestPoints.isListedDomain(name)).isEqualTo(listed);
    assertThat(TestPoints.isUnlistedDomain(name)).isEqualTo(unlisted);
  }

  @ParameterizedTest(name = "{0}: shadowed={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.2          | true",
        "127.0.0.1          | true",
        "127.0.0.0/24       | false",
        "127.0.0.3          | false",
        "192.0.2.1          | false",
        "::ffff:7f00:2      | true",
        "::ffff:7f00:1      | true",
        "::ffff:7f00:0/120  | false",
        "2001:db8::1        | false",
        "test               | true",
        ".test              | false",
        "*.test             | false",
        "a.test             | false",
        "invalid            | true",
        ".invalid           | true",
        "*.invalid          | true",
        "a.invalid          | true",
        "example.com        | false",
      })
  void saysWhichEntriesOnlyNameTestPoints(String value, boolean shadowed) {
    assertThat(TestPoints.shadows(EntryValue.parse(value))).isEqualTo(shadowed);
  }
}
