package dev.palisade.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HitTableTest {

  @Test
  void countsEachDistinctNameOnceWithItsHitsAndLatestTime() {
    HitTable table = new HitTable(100);
    byte[] a = wire("2.0.0.192");
    byte[] b = wire("3.0.0.192");
    table.add("acme", 0, a, 0, a.length, 100);
    table.add("acme", 0, a, 0, a.length, 300);
    table.add("acme", 0, a, 0, a.length, 200);
    table.add("acme", 1, a, 0, a.length, 50); // another list
    table.add("other", 0, a, 0, a.length, 60); // another zone
    table.add("acme", 0, b, 0, b.length, 70);

    assertThat(contents(table))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "acme/0/2.0.0.192", "3@300",
                "acme/1/2.0.0.192", "1@50",
                "other/0/2.0.0.192", "1@60",
                "acme/0/3.0.0.192", "1@70"));
  }

  @Test
  void namesDifferingOnlyInCaseAreOneAndAreKeptLowerCase() {
    HitTable table = new HitTable(100);
    byte[] upper = wire("X.Spam.EXAMPLE");
    byte[] lower = wire("x.spam.example");
    byte[] framed = new byte[upper.length + 3];
    System.arraycopy(upper, 0, framed, 3, upper.length);
    table.add("acme", 2, framed, 3, upper.length, 1);
    table.add("acme", 2, lower, 0, lower.length, 2);

    assertThat(contents(table)).containsExactlyEntriesOf(Map.of("acme/2/x.spam.example", "2@2"));
  }

  @Test
  void keepsAddressesOfAddressListsApartFromTheSameLabelsInDomainListsAndFromOtherNames() {
    HitTable table = new HitTable(100);
    byte[] address = wire("4.3.2.1");
    byte[] ip6 = wire("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2");
    byte[] notAnAddress = wire("04.3.2.1"); // a leading zero: no address, kept as a name
    for (int list = 0; list < 4; list++) {
      table.add("acme", list, address, 0, address.length, 10 + list);
    }
    table.add("acme", 0, address, 0, address.length, 5);
    table.add("acme", 0, ip6, 0, ip6.length, 7);
    table.add("acme", 0, ip6, 0, ip6.length, 8);
    table.add("acme", 0, notAnAddress, 0, notAnAddress.length, 9);

    assertThat(contents(table))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "acme/0/4.3.2.1", "2@10",
                "acme/1/4.3.2.1", "1@11",
                "acme/2/4.3.2.1", "1@12",
                "acme/3/4.3.2.1", "1@13",
                "acme/0/1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2", "2@8",
                "acme/0/04.3.2.1", "1@9"));
  }

  @Test
  void refusesNewNamesBeyondTheLimitButStillCountsKnownOnes() {
    HitTable table = new HitTable(2);
    byte[] a = wire("1.0.0.10");
    byte[] b = wire("2.0.0.10");
    byte[] c = wire("3.0.0.10");
    assertThat(table.add("z", 0, a, 0, a.length, 1)).isTrue();
    assertThat(table.add("z", 0, b, 0, b.length, 1)).isTrue();
    assertThat(table.add("z", 0, c, 0, c.length, 1)).isFalse();
    assertThat(table.add("z", 0, a, 0, a.length, 5)).isTrue();

    assertThat(table.size()).isEqualTo(2);
    assertThat(contents(table)).containsEntry("z/0/1.0.0.10", "2@5");
  }

  @Test
  void growsPastItsFirstArraysAndStartsEmptyAfterClear() {
    HitTable table = new HitTable(50_000);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 20_000; i++) {
        byte[] name = wire((i % 256) + "." + (i / 256) + ".0.10");
        table.add("z", 0, name, 0, name.length, i);
        table.add("z", 0, name, 0, name.length, i + round);
      }
      assertThat(table.size()).isEqualTo(20_000);
      Map<String, String> contents = contents(table);
      assertThat(contents).hasSize(20_000);
      assertThat(contents).containsEntry("z/0/7.3.0.10", "2@" + (3 * 256 + 7 + round));
      table.clear();
      assertThat(table.size()).isZero();
    }
  }

  /** Name text to wire labels, without the root label. */
  private static byte[] wire(String name) {
    byte[] out = new byte[name.length() + 1];
    int at = 0;
    for (String label : name.split("\\.")) {
      out[at++] = (byte) label.length();
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(bytes, 0, out, at, bytes.length);
      at += bytes.length;
    }
    return out;
  }

  /** "label/list/name" to "hits@last". */
  private static Map<String, String> contents(HitTable table) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < table.size(); i++) {
      StringBuilder name = new StringBuilder();
      int at = table.start(i);
      int end = at + table.length(i);
      while (at < end) {
        int length = table.arena()[at];
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(new String(table.arena(), at + 1, length, StandardCharsets.US_ASCII));
        at += 1 + length;
      }
      out.put(
          table.label(i) + "/" + table.list(i) + "/" + name, table.hits(i) + "@" + table.last(i));
    }
    return out;
  }
}
