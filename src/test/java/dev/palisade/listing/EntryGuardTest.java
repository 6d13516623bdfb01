package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.EntryValue;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which entries are wide enough to need confirming, under the default limits. */
class EntryGuardTest {

  private final EntryGuard guard =
      new EntryGuard(new GuardSettings(16, 32), null, null, null, Clock.systemUTC());

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0/0        | 0.0.0.0/0 covers 4,294,967,296 IPv4 addresses, every one there is",
        "10.0.0.0/8       | 10.0.0.0/8 covers 16,777,216 IPv4 addresses; networks wider than /16",
        "10.0.0.0/15      | covers 131,072 IPv4 addresses",
        "10.0.0.0/16      | ",
        "192.0.2.1        | ",
        "::/0             | ::/0 covers every IPv6 address",
        "2001:db8::/31    | IPv6 networks wider than /32 need confirming",
        "2001:db8::/32    | ",
        "com              | com is a top-level name: no mail comes from it",
        ".com             | .com is a top-level name: it covers every domain under .com",
        "*.com            | it covers every domain under .com",
        "localhost        | localhost is a top-level name",
        "example.com      | ",
        ".co.uk           | ",
      })
  void wideEntriesNeedConfirming(String value, String why) {
    String found = guard.wide(EntryValue.parse(value));

    if (why == null) {
      assertThat(found).isNull();
    } else {
      assertThat(found).contains(why);
    }
  }
}
