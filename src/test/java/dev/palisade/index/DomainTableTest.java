package dev.palisade.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.ListKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainTableTest {

  private static final int RC2 = 0x7f000002;
  private static final int RC3 = 0x7f000003;

  private final DomainTable.Writer writer = new DomainTable.Writer();

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @CsvSource({
    "example.com, example.com, example.com",
    "example.com, a.example.com, ",
    "example.com, com, ",
    ".example.com, example.com, .example.com",
    ".example.com, a.b.example.com, .example.com",
    ".example.com, badexample.com, ",
    "*.example.com, example.com, ",
    "*.example.com, a.example.com, *.example.com",
    "*.example.com, a.b.example.com, *.example.com",
    ".com, example.com, .com",
  })
  void matchesPatternsTheRbldnsdDnsetWay(String pattern, String query, String matched) {
    put(pattern, ListKind.BLOCK, RC2);
    DomainTable table = writer.publish();

    long match = table.match(query);

    if (matched == null) {
      assertThat(match).isEqualTo(DomainTable.NONE);
    } else {
      assertThat(table.verdict(query, match, false).matched()).isEqualTo(EntryValue.parse(matched));
    }
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "example.com, ALLOW, example.com",
    "mail.example.com, BLOCK, *.example.com",
    "x.a.example.com, ALLOW, .a.example.com",
    "a.example.com, ALLOW, .a.example.com",
    "other.com, BLOCK, .com",
  })
  void longerNameWinsAndExactBeatsSelfAtTheSameName(String query, ListKind kind, String matched) {
    put(".com", ListKind.BLOCK, RC2);
    put(".example.com", ListKind.BLOCK, RC2);
    put("*.example.com", ListKind.BLOCK, RC2);
    put("example.com", ListKind.ALLOW, RC3);
    put(".a.example.com", ListKind.ALLOW, RC3);
    DomainTable table = writer.publish();

    Verdict verdict = table.verdict(query, table.match(query), false);

    assertThat(verdict.kind()).isEqualTo(kind);
    assertThat(verdict.matched()).isEqualTo(EntryValue.parse(matched));
  }

  @Test
  void allowBeatsBlockBetweenSelfAndSubdomainPatternsOfOneName() {
    put(".example.com", ListKind.ALLOW, RC3);
    put("*.example.com", ListKind.BLOCK, RC2);
    DomainTable table = writer.publish();

    Verdict verdict = table.verdict("a.example.com", table.match("a.example.com"), false);

    assertThat(verdict.kind()).isEqualTo(ListKind.ALLOW);
    assertThat(verdict.matched()).isEqualTo(EntryValue.parse(".example.com"));
  }

  @Test
  void exactPatternDoesNotBeatSelfPatternForSubdomains() {
    put("example.com", ListKind.ALLOW, RC3);
    put(".example.com", ListKind.BLOCK, RC2);
    DomainTable table = writer.publish();

    Verdict verdict = table.verdict("a.example.com", table.match("a.example.com"), false);

    assertThat(verdict.kind()).isEqualTo(ListKind.BLOCK);
  }

  @Test
  void keepsBlockAndAllowOfOnePatternApart() {
    put("example.com", ListKind.BLOCK, RC2);
    put("example.com", ListKind.ALLOW, RC3);
    assertThat(writer.publish().size()).isEqualTo(1);

    writer.remove("example.com", EntryValue.DomainMatch.EXACT, ListKind.ALLOW);
    DomainTable table = writer.publish();

    assertThat(table.verdict("example.com", table.match("example.com"), false).kind())
        .isEqualTo(ListKind.BLOCK);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "com, true",
    "example.com, true",
    "b.example.com, true",
    "a.b.example.com, false",
    "other.com, false",
    "wild.org, true",
    "x.wild.org, false",
    "self.net, true",
    "exact.net, false",
    "net, true",
    "org, true",
    "nothing, false",
  })
  void knowsWhereNamesExistBelow(String name, boolean below) {
    put("a.b.example.com", ListKind.BLOCK, RC2);
    put("*.wild.org", ListKind.BLOCK, RC2);
    put(".self.net", ListKind.ALLOW, RC3);
    put("exact.net", ListKind.BLOCK, RC2);

    assertThat(writer.publish().hasDomainsBelow(name)).isEqualTo(below);
  }

  @Test
  void forgetsEmptyNonTerminalsWhenTheLastPatternBelowGoes() {
    put("a.b.example.com", ListKind.BLOCK, RC2);
    put("c.example.com", ListKind.BLOCK, RC2);
    writer.publish();

    writer.remove("a.b.example.com", EntryValue.DomainMatch.EXACT, ListKind.BLOCK);
    DomainTable table = writer.publish();

    assertThat(table.hasDomainsBelow("b.example.com")).isFalse();
    assertThat(table.hasDomainsBelow("example.com")).isTrue();
    assertThat(table.match("a.b.example.com")).isEqualTo(DomainTable.NONE);

    writer.remove("c.example.com", EntryValue.DomainMatch.EXACT, ListKind.BLOCK);
    DomainTable empty = writer.publish();

    assertThat(empty.hasDomainsBelow("com")).isFalse();
    assertThat(empty.size()).isZero();
  }

  @Test
  void nameThatIsAlsoAnAncestorKeepsItsPatternsAndItsCount() {
    put("example.com", ListKind.BLOCK, RC2);
    put("a.example.com", ListKind.BLOCK, RC2);
    writer.publish();

    writer.remove("example.com", EntryValue.DomainMatch.EXACT, ListKind.BLOCK);
    DomainTable table = writer.publish();

    assertThat(table.match("example.com")).isEqualTo(DomainTable.NONE);
    assertThat(table.hasDomainsBelow("example.com")).isTrue();
    assertThat(table.match("a.example.com")).isNotEqualTo(DomainTable.NONE);
  }

  @Test
  void publishedTableStaysUnchangedWhileTheWriterChangesIt() {
    put(".example.com", ListKind.BLOCK, RC2);
    DomainTable first = writer.publish();

    writer.remove("example.com", EntryValue.DomainMatch.SELF_AND_SUBDOMAINS, ListKind.BLOCK);
    DomainTable second = writer.publish();

    assertThat(first.match("a.example.com")).isNotEqualTo(DomainTable.NONE);
    assertThat(second.match("a.example.com")).isEqualTo(DomainTable.NONE);
  }

  @Test
  void keepsEveryNameThroughSegmentSplitsAndShrinks() {
    int count = 30_000;
    for (int i = 0; i < count; i++) {
      writer.put(
          "host" + i + ".example.com", EntryValue.DomainMatch.EXACT, ListKind.BLOCK, RC2, null);
    }
    DomainTable full = writer.publish();
    for (int i = 0; i < count; i += 2) {
      writer.remove("host" + i + ".example.com", EntryValue.DomainMatch.EXACT, ListKind.BLOCK);
    }
    DomainTable half = writer.publish();

    assertThat(full.size()).isEqualTo(count);
    assertThat(half.size()).isEqualTo(count / 2);
    for (int i = 0; i < count; i++) {
      String name = "host" + i + ".example.com";
      assertThat(full.match(name)).isNotEqualTo(DomainTable.NONE);
      assertThat(half.match(name) != DomainTable.NONE).isEqualTo(i % 2 == 1);
    }
    assertThat(half.hasDomainsBelow("example.com")).isTrue();
  }

  @Test
  void answersNothingForEmptyOrUnknownNames() {
    put(".example.com", ListKind.BLOCK, RC2);
    DomainTable table = writer.publish();

    assertThat(table.match("")).isEqualTo(DomainTable.NONE);
    assertThat(table.match("example.org")).isEqualTo(DomainTable.NONE);
    assertThat(table.hasDomainsBelow("")).isFalse();
  }

  private void put(String pattern, ListKind kind, int code) {
    DomainPattern p = (DomainPattern) EntryValue.parse(pattern);
    writer.put(p.name(), p.match(), kind, code, null);
  }
}
