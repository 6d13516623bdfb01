package dev.palisade.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.ListKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ip4TableTest {

  private static final int RC2 = 0x7f000002;
  private static final int RC3 = 0x7f000003;

  private final Ip4Table.Writer writer = new Ip4Table.Writer();

  @ParameterizedTest
  @CsvSource({
    "10.1.2.3, ALLOW, 10.1.2.0/24",
    "10.1.3.1, BLOCK, 10.1.0.0/16",
    "10.2.0.0, BLOCK, 10.0.0.0/8",
    "10.1.2.99, BLOCK, 10.1.2.99",
    "11.0.0.0, BLOCK, 0.0.0.0/0",
  })
  void matchesLongestPrefixFirst(String address, ListKind kind, String matched) {
    put("0.0.0.0/0", ListKind.BLOCK, RC2);
    put("10.0.0.0/8", ListKind.BLOCK, RC2);
    put("10.1.0.0/16", ListKind.BLOCK, RC2);
    put("10.1.2.0/24", ListKind.ALLOW, RC3);
    put("10.1.2.99", ListKind.BLOCK, RC2);
    Ip4Table table = writer.publish();

    Verdict verdict = lookup(table, address);

    assertThat(verdict.kind()).isEqualTo(kind);
    assertThat(verdict.matched()).isEqualTo(EntryValue.parse(matched));
  }

  @Test
  void answersNothingWhenNoNetworkContainsTheAddress() {
    put("192.0.2.0/24", ListKind.BLOCK, RC2);

    assertThat(writer.publish().match(ip("192.0.3.1"))).isEqualTo(Ip4Table.NONE);
    assertThat(Ip4Table.EMPTY.match(0)).isEqualTo(Ip4Table.NONE);
  }

  @Test
  void findsTheZeroAddressLikeAnyOther() {
    put("0.0.0.0", ListKind.BLOCK, RC2);

    assertThat(lookup(writer.publish(), "0.0.0.0").matched())
        .isEqualTo(EntryValue.parse("0.0.0.0"));
    assertThat(writer.current().match(ip("0.0.0.1"))).isEqualTo(Ip4Table.NONE);
  }

  @Test
  void exclusionBeatsBlockAndLosesToAllowOnTheSameNetworkKeepingTheOthers() {
    put("192.0.2.0/24", ListKind.BLOCK, RC2);
    put("192.0.2.0/24", ListKind.EXCLUDE, 0);
    Verdict excluded = lookup(writer.publish(), "192.0.2.1");
    assertThat(excluded.kind()).isEqualTo(ListKind.EXCLUDE);
    assertThat(excluded.returnCode()).isZero();
    assertThat(excluded.reason()).isNull();

    put("192.0.2.0/24", ListKind.ALLOW, RC3);
    assertThat(lookup(writer.publish(), "192.0.2.1").kind()).isEqualTo(ListKind.ALLOW);

    writer.remove(ip("192.0.2.0"), 24, ListKind.ALLOW);
    assertThat(lookup(writer.publish(), "192.0.2.1").kind()).isEqualTo(ListKind.EXCLUDE);
    writer.remove(ip("192.0.2.0"), 24, ListKind.EXCLUDE);
    Verdict blocked = lookup(writer.publish(), "192.0.2.1");
    assertThat(blocked.kind()).isEqualTo(ListKind.BLOCK);
    assertThat(blocked.returnCode()).isEqualTo(RC2);
    writer.remove(ip("192.0.2.0"), 24, ListKind.BLOCK);
    assertThat(writer.publish().match(ip("192.0.2.1"))).isEqualTo(Ip4Table.NONE);
  }

  @Test
  void allowBeatsBlockOnTheSameNetworkAndRemovingTheAllowShowsTheBlock() {
    put("192.0.2.0/24", ListKind.BLOCK, RC2);
    put("192.0.2.0/24", ListKind.ALLOW, RC3);
    assertThat(lookup(writer.publish(), "192.0.2.1").kind()).isEqualTo(ListKind.ALLOW);

    writer.remove(ip("192.0.2.0"), 24, ListKind.ALLOW);
    Verdict verdict = lookup(writer.publish(), "192.0.2.1");

    assertThat(verdict.kind()).isEqualTo(ListKind.BLOCK);
    assertThat(verdict.returnCode()).isEqualTo(RC2);
  }

  @Test
  void replacesTheAnswerOfTheSameKind() {
    writer.put(ip("192.0.2.0"), 24, ListKind.BLOCK, RC2, "old");
    writer.put(ip("192.0.2.0"), 24, ListKind.BLOCK, RC3, "new $");

    Verdict verdict = lookup(writer.publish(), "192.0.2.1");

    assertThat(verdict.returnCode()).isEqualTo(RC3);
    assertThat(verdict.reason()).isEqualTo("new $");
    assertThat(writer.current().size()).isEqualTo(1);
  }

  @Test
  void removingAnAbsentNetworkOrKindChangesNothing() {
    put("192.0.2.0/24", ListKind.BLOCK, RC2);
    Ip4Table before = writer.publish();

    writer.remove(ip("192.0.2.0"), 24, ListKind.ALLOW);
    writer.remove(ip("198.51.100.0"), 24, ListKind.BLOCK);
    writer.remove(ip("192.0.2.0"), 25, ListKind.BLOCK);

    assertThat(lookup(writer.publish(), "192.0.2.1").kind()).isEqualTo(ListKind.BLOCK);
    assertThat(writer.current().size()).isEqualTo(before.size());
  }

  @Test
  void publishedTableStaysUnchangedWhileTheWriterChangesIt() {
    put("192.0.2.0/24", ListKind.BLOCK, RC2);
    Ip4Table first = writer.publish();

    writer.remove(ip("192.0.2.0"), 24, ListKind.BLOCK);
    put("192.0.2.7", ListKind.ALLOW, RC3);
    Ip4Table second = writer.publish();

    assertThat(lookup(first, "192.0.2.7").matched()).isEqualTo(EntryValue.parse("192.0.2.0/24"));
    assertThat(first.match(ip("192.0.2.8"))).isNotEqualTo(Ip4Table.NONE);
    assertThat(lookup(second, "192.0.2.7").kind()).isEqualTo(ListKind.ALLOW);
    assertThat(second.match(ip("192.0.2.8"))).isEqualTo(Ip4Table.NONE);
  }

  @Test
  void discardDropsUnpublishedChanges() {
    put("192.0.2.0/24", ListKind.BLOCK, RC2);
    writer.publish();

    put("198.51.100.0/24", ListKind.BLOCK, RC2);
    writer.discard();

    assertThat(writer.publish().match(ip("198.51.100.1"))).isEqualTo(Ip4Table.NONE);
    assertThat(writer.current().match(ip("192.0.2.1"))).isNotEqualTo(Ip4Table.NONE);
  }

  @Test
  void keepsEveryEntryThroughSegmentSplitsAndShrinks() {
    int count = 60_000;
    for (int i = 0; i < count; i++) {
      writer.put(0x0a000000 + i * 7, 32, ListKind.BLOCK, RC2, null);
    }
    Ip4Table full = writer.publish();
    for (int i = 0; i < count; i += 2) {
      writer.remove(0x0a000000 + i * 7, 32, ListKind.BLOCK);
    }
    Ip4Table half = writer.publish();

    assertThat(full.size()).isEqualTo(count);
    assertThat(half.size()).isEqualTo(count / 2);
    for (int i = 0; i < count; i++) {
      int address = 0x0a000000 + i * 7;
      assertThat(full.match(address)).isNotEqualTo(Ip4Table.NONE);
      assertThat(half.match(address) != Ip4Table.NONE).isEqualTo(i % 2 == 1);
      assertThat(half.match(address + 1)).isEqualTo(Ip4Table.NONE);
    }
  }

  @Test
  void keepsAnswersRightWhenChurnOfUniqueReasonsCompactsTheCells() {
    put("192.0.2.0/24", ListKind.ALLOW, RC3);
    for (int round = 0; round < 5_000; round++) {
      writer.put(ip("192.0.2.1"), 32, ListKind.BLOCK, RC2, "reason " + round);
      writer.publish();
    }

    Ip4Table table = writer.current();

    assertThat(table.cells().size).isLessThan(2_000);
    assertThat(lookup(table, "192.0.2.1").reason()).isEqualTo("reason 4999");
    assertThat(lookup(table, "192.0.2.2").kind()).isEqualTo(ListKind.ALLOW);
  }

  private void put(String network, ListKind kind, int code) {
    Ip4Network n = (Ip4Network) EntryValue.parse(network);
    writer.put(n.address(), n.prefixLength(), kind, code, null);
  }

  private static Verdict lookup(Ip4Table table, String address) {
    long match = table.match(ip(address));
    assertThat(match).as("match for %s", address).isNotEqualTo(Ip4Table.NONE);
    return table.verdict(ip(address), match, false);
  }

  private static int ip(String address) {
    return ((Ip4Network) EntryValue.parse(address)).address();
  }
}
