package dev.palisade.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ip6TableTest {

  private static final int RC2 = 0x7f000002;
  private static final int RC3 = 0x7f000003;

  private final Ip6Table.Writer writer = new Ip6Table.Writer();

  @ParameterizedTest
  @CsvSource({
    "2001:db8:1:2::5, ALLOW, 2001:db8:1:2::/64",
    "2001:db8:1:3::1, BLOCK, 2001:db8:1::/48",
    "2001:db8:ffff::1, BLOCK, 2001:db8::/32",
    "2001:db8:1:2::ff, BLOCK, 2001:db8:1:2::ff",
    "2001:db8:1:2:8000::1, BLOCK, 2001:db8:1:2:8000::/65",
    "2001:db8:1:2::ff01, ALLOW, 2001:db8:1:2::ff00/120",
    "3fff::1, BLOCK, ::/0",
  })
  void matchesLongestPrefixFirst(String address, ListKind kind, String matched) {
    put("::/0", ListKind.BLOCK, RC2);
    put("2001:db8::/32", ListKind.BLOCK, RC2);
    put("2001:db8:1::/48", ListKind.BLOCK, RC2);
    put("2001:db8:1:2::/64", ListKind.ALLOW, RC3);
    put("2001:db8:1:2:8000::/65", ListKind.BLOCK, RC2);
    put("2001:db8:1:2::ff00/120", ListKind.ALLOW, RC3);
    put("2001:db8:1:2::ff", ListKind.BLOCK, RC2);
    Ip6Table table = writer.publish();

    Verdict verdict = lookup(table, address);

    assertThat(verdict.kind()).isEqualTo(kind);
    assertThat(verdict.matched()).isEqualTo(EntryValue.parse(matched));
  }

  @Test
  void answersNothingWhenNoNetworkContainsTheAddress() {
    put("2001:db8::/32", ListKind.BLOCK, RC2);

    Ip6Network other = net("2001:db9::1");
    assertThat(writer.publish().match(other.high(), other.low())).isEqualTo(Ip6Table.NONE);
  }

  @Test
  void allowBeatsBlockOnTheSameNetworkAndRemovingTheAllowShowsTheBlock() {
    put("2001:db8::/32", ListKind.BLOCK, RC2);
    put("2001:db8::/32", ListKind.ALLOW, RC3);
    assertThat(lookup(writer.publish(), "2001:db8::1").kind()).isEqualTo(ListKind.ALLOW);

    Ip6Network n = net("2001:db8::/32");
    writer.remove(n.high(), n.low(), 32, ListKind.ALLOW);

    assertThat(lookup(writer.publish(), "2001:db8::1").kind()).isEqualTo(ListKind.BLOCK);
  }

  @Test
  void publishedTableStaysUnchangedWhileTheWriterChangesIt() {
    put("2001:db8::/32", ListKind.BLOCK, RC2);
    Ip6Table first = writer.publish();

    Ip6Network n = net("2001:db8::/32");
    writer.remove(n.high(), n.low(), 32, ListKind.BLOCK);
    Ip6Table second = writer.publish();

    assertThat(first.match(n.high(), 1)).isNotEqualTo(Ip6Table.NONE);
    assertThat(second.match(n.high(), 1)).isEqualTo(Ip6Table.NONE);
  }

  @Test
  void keepsEveryEntryThroughSegmentSplitsAndShrinks() {
    int count = 40_000;
    long high = net("2001:db8::").high();
    for (int i = 0; i < count; i++) {
      writer.put(high, i * 3L, 128, ListKind.BLOCK, RC2, null);
    }
    Ip6Table full = writer.publish();
    for (int i = 0; i < count; i += 2) {
      writer.remove(high, i * 3L, 128, ListKind.BLOCK);
    }
    Ip6Table half = writer.publish();

    assertThat(full.size()).isEqualTo(count);
    assertThat(half.size()).isEqualTo(count / 2);
    for (int i = 0; i < count; i++) {
      assertThat(full.match(high, i * 3L)).isNotEqualTo(Ip6Table.NONE);
      assertThat(half.match(high, i * 3L) != Ip6Table.NONE).isEqualTo(i % 2 == 1);
      assertThat(half.match(high, i * 3L + 1)).isEqualTo(Ip6Table.NONE);
    }
  }

  private void put(String network, ListKind kind, int code) {
    Ip6Network n = net(network);
    writer.put(n.high(), n.low(), n.prefixLength(), kind, code, null);
  }

  private static Verdict lookup(Ip6Table table, String address) {
    Ip6Network a = net(address);
    long match = table.match(a.high(), a.low());
    assertThat(match).as("match for %s", address).isNotEqualTo(Ip6Table.NONE);
    return table.verdict(a.high(), a.low(), match, false);
  }

  private static Ip6Network net(String text) {
    return (Ip6Network) EntryValue.parse(text);
  }
}
