package dev.palisade.transfer;

import static dev.palisade.transfer.TestZones.ACCOUNT;
import static dev.palisade.transfer.TestZones.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Each rendering rule of a zone as ordinary records, one at a time. */
class ZoneRendererTest {

  private static final String HOLE = "TYPE65280 \\# 0";

  @Test
  void rendersASingleAddressAsOneName() {
    ZoneImage bl = new TestZones().block(ACCOUNT, "192.0.2.1").load().image("acme", ListZone.BL);

    assertThat(TestZones.text(bl, "192"))
        .containsExactly("1.2.0.192 A 127.0.0.2", "1.2.0.192 TXT \"Blocked: 192.0.2.1\"");
  }

  @Test
  void rendersANetworkOnAnOctetBoundaryAsAWildcardWhoseTextNamesTheNetwork() {
    ZoneImage bl = new TestZones().block(ACCOUNT, "192.0.2.0/24").load().image("acme", ListZone.BL);

    assertThat(TestZones.text(bl, "192"))
        .containsExactly("*.2.0.192 A 127.0.0.2", "*.2.0.192 TXT \"Blocked: 192.0.2.0/24\"");
  }

  @Test
  void expandsA20IntoSixteenWildcards() {
    ZoneImage bl =
        new TestZones().block(ACCOUNT, "192.0.16.0/20").load().image("acme", ListZone.BL);

    List<String> expected = new ArrayList<>();
    for (int octet = 16; octet < 32; octet++) {
      expected.add("*." + octet + ".0.192 A 127.0.0.2");
      expected.add("*." + octet + ".0.192 TXT \"Blocked: 192.0.16.0/20\"");
    }
    assertThat(TestZones.text(bl, "192")).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void expandsA25IntoOneHundredTwentyEightNamesEachWithItsOwnAddressInTheText() {
    ZoneImage bl =
        new TestZones().block(ACCOUNT, "192.0.2.128/25").load().image("acme", ListZone.BL);

    List<String> expected = new ArrayList<>();
    for (int octet = 128; octet < 256; octet++) {
      expected.add(octet + ".2.0.192 A 127.0.0.2");
      expected.add(octet + ".2.0.192 TXT \"Blocked: 192.0.2." + octet + "\"");
    }
    assertThat(TestZones.text(bl, "192")).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void anAllowedAddressInsideABlockedNetworkIsAHoleThatAnswersNodata() {
    ZoneImage bl =
        new TestZones()
            .block(ACCOUNT, "192.0.2.0/24")
            .allow(ACCOUNT, "192.0.2.5")
            .load()
            .image("acme", ListZone.BL);

    assertThat(TestZones.text(bl, "192"))
        .containsExactly(
            "*.2.0.192 A 127.0.0.2",
            "*.2.0.192 TXT \"Blocked: 192.0.2.0/24\"",
            "5.2.0.192 " + HOLE);
    SecondaryZone zone = TestZones.zone(bl);
    assertThat(lookup(zone, "5.2.0.192", bl).outcome()).isEqualTo(SecondaryZone.Outcome.NODATA);
    assertThat(lookup(zone, "6.2.0.192", bl).listed()).isTrue();
  }

  /**
   * An exclusion inside a listed wildcard is a hole, an explicit name answering NODATA, in the
   * block list; and since it allows nothing, the allow list has no record for it at all.
   */
  @Test
  void anExcludedAddressInsideABlockedNetworkIsAHoleAndNotInTheAllowList() {
    TestZones zones =
        new TestZones()
            .block(ACCOUNT, "192.0.2.0/24")
            .exclude(ACCOUNT, "192.0.2.5")
            .block(ACCOUNT, "198.51.100.0/24")
            .exclude(SERVER, "198.51.100.7")
            .load();
    ZoneImage bl = zones.image("acme", ListZone.BL);
    ZoneImage wl = zones.image("acme", ListZone.WL);

    assertThat(TestZones.text(bl, "192"))
        .containsExactly(
            "*.2.0.192 A 127.0.0.2",
            "*.2.0.192 TXT \"Blocked: 192.0.2.0/24\"",
            "5.2.0.192 " + HOLE);
    SecondaryZone zone = TestZones.zone(bl);
    assertThat(lookup(zone, "5.2.0.192", bl).outcome()).isEqualTo(SecondaryZone.Outcome.NODATA);
    assertThat(lookup(zone, "6.2.0.192", bl).listed()).isTrue();
    assertThat(TestZones.text(wl, "192")).isEmpty();
    assertThat(TestZones.text(wl, "198")).isEmpty();

    // The server's exclusion beats the account's block it is inside, in the server's zone only.
    ZoneImage serverBl = zones.image("acme-mx1", ListZone.BL);
    assertThat(TestZones.text(serverBl, "198")).contains("7.100.51.198 " + HOLE);
    assertThat(TestZones.text(bl, "198")).doesNotContain("7.100.51.198 " + HOLE);
  }

  @Test
  void anExcludedDomainBelowABlockedPatternIsAHoleAndNotInTheAllowList() {
    TestZones zones =
        new TestZones().block(ACCOUNT, ".example.com").exclude(ACCOUNT, "good.example.com").load();
    ZoneImage dbl = zones.image("acme", ListZone.DBL);
    SecondaryZone zone = TestZones.zone(dbl);

    assertThat(lookup(zone, "good.example.com", dbl).outcome())
        .isEqualTo(SecondaryZone.Outcome.NODATA);
    assertThat(lookup(zone, "bad.example.com", dbl).listed()).isTrue();
    assertThat(lookup(zone, "a.good.example.com", dbl).listed()).isTrue();
    ZoneImage dwl = zones.image("acme", ListZone.DWL);
    assertThat(lookup(TestZones.zone(dwl), "good.example.com", dwl).listed()).isFalse();
  }

  @Test
  void inTheAllowListABlockedAddressInsideAnAllowedNetworkIsTheHole() {
    ZoneImage wl =
        new TestZones()
            .allow(ACCOUNT, "192.0.2.0/24")
            .block(ACCOUNT, "192.0.2.5")
            .load()
            .image("acme", ListZone.WL);

    assertThat(TestZones.text(wl, "192"))
        .containsExactly(
            "*.2.0.192 A 127.0.0.2",
            "*.2.0.192 TXT \"Allowed: 192.0.2.0/24\"",
            "5.2.0.192 " + HOLE);
  }

  @Test
  void aNetworkHoleKeepsTheWildcardAboveFromItsNames() {
    ZoneImage bl =
        new TestZones()
            .block(ACCOUNT, "192.0.0.0/16")
            .allow(ACCOUNT, "192.0.2.0/24")
            .load()
            .image("acme", ListZone.BL);

    SecondaryZone zone = TestZones.zone(bl);
    assertThat(lookup(zone, "7.2.0.192", bl).listed()).isFalse();
    assertThat(lookup(zone, "7.3.0.192", bl).listed()).isTrue();
  }

  @Test
  void aListedNameInsideAWildcardKeepsTheWildcardAnsweringForItsNeighbours() {
    ZoneImage bl =
        new TestZones()
            .block(ACCOUNT, "192.0.0.0/16")
            .entry(ACCOUNT, ListKind.BLOCK, "192.0.2.5", "127.0.0.4", "spam from $")
            .load()
            .image("acme", ListZone.BL);

    // 2.0.192 exists because 5.2.0.192 does, so it carries the /16's wildcard again.
    assertThat(TestZones.text(bl, "192"))
        .containsExactlyInAnyOrder(
            "*.0.192 A 127.0.0.2",
            "*.0.192 TXT \"Blocked: 192.0.0.0/16\"",
            "*.2.0.192 A 127.0.0.2",
            "*.2.0.192 TXT \"Blocked: 192.0.0.0/16\"",
            "5.2.0.192 A 127.0.0.4",
            "5.2.0.192 TXT \"spam from 192.0.2.5\"");
  }

  @Test
  void rendersIpv6OnNibbleBoundaries() {
    ZoneImage bl =
        new TestZones()
            .block(ACCOUNT, "2001:db8::/32")
            .block(ACCOUNT, "2001:db9::/33")
            .block(ACCOUNT, "2001:dba::1")
            .load()
            .image("acme", ListZone.BL);

    Set<String> records = TestZones.text(bl, null);
    assertThat(records)
        .contains(
            "*.8.b.d.0.1.0.0.2 A 127.0.0.2",
            "*.8.b.d.0.1.0.0.2 TXT \"Blocked: 2001:db8::/32\"",
            ip6Name("20010dba000000000000000000000001") + " TXT \"Blocked: 2001:dba::1\"");
    // A /33 is eight wildcards of nine nibbles: 2001:db9:0000 to 2001:db9:7fff.
    for (int nibble = 0; nibble < 8; nibble++) {
      assertThat(records).contains("*." + nibble + ".9.b.d.0.1.0.0.2 A 127.0.0.2");
    }
    assertThat(records).doesNotContain("*.8.9.b.d.0.1.0.0.2 A 127.0.0.2");
  }

  @Test
  void anIpv4WildcardOfSingleDigitsDoesNotListIpv6NamesBelowIt() {
    ZoneImage bl = new TestZones().block(ACCOUNT, "2.0.0.0/8").load().image("acme", ListZone.BL);
    SecondaryZone zone = TestZones.zone(bl);

    assertThat(lookup(zone, "3.2.1.2", bl).listed()).isTrue();
    assertThat(lookup(zone, "200.1.0.2", bl).listed()).isTrue();
    // 2001:db8::1, whose name starts with the nibbles 2, 0, 0, 1 as 2.0.0.1 does.
    assertThat(lookup(zone, ip6Name("20010db8000000000000000000000001"), bl).listed()).isFalse();
    assertThat(lookup(zone, ip6Name("2a000000000000000000000000000001"), bl).listed()).isFalse();
  }

  @Test
  void anIpv6WildcardOfSingleDigitsDoesNotListIpv4NamesBelowIt() {
    ZoneImage bl = new TestZones().block(ACCOUNT, "2000::/4").load().image("acme", ListZone.BL);
    SecondaryZone zone = TestZones.zone(bl);

    assertThat(lookup(zone, ip6Name("20010db8000000000000000000000001"), bl).listed()).isTrue();
    assertThat(lookup(zone, "4.3.2.2", bl).listed()).isFalse();
    assertThat(lookup(zone, "40.3.2.2", bl).listed()).isFalse();
  }

  @Test
  void anIpv6EntryDoesNotHideAnIpv4WildcardAbove() {
    ZoneImage bl =
        new TestZones()
            .block(ACCOUNT, "2.0.0.0/8")
            .block(ACCOUNT, "2001:db8::1")
            .load()
            .image("acme", ListZone.BL);
    SecondaryZone zone = TestZones.zone(bl);

    assertThat(lookup(zone, "5.1.0.2", bl).listed()).isTrue();
    assertThat(lookup(zone, ip6Name("20010db8000000000000000000000001"), bl).listed()).isTrue();
    assertThat(lookup(zone, ip6Name("20010db8000000000000000000000002"), bl).listed()).isFalse();
  }

  @Test
  void rendersDomainPatternsAsNamesAndWildcards() {
    ZoneImage dbl =
        new TestZones()
            .block(ACCOUNT, "exact.example")
            .block(ACCOUNT, ".self.example")
            .block(ACCOUNT, "*.below.example")
            .load()
            .image("acme", ListZone.DBL);

    assertThat(TestZones.text(dbl, "example"))
        .containsExactlyInAnyOrder(
            "exact.example A 127.0.0.2",
            "exact.example TXT \"Blocked: exact.example\"",
            "self.example A 127.0.0.2",
            "self.example TXT \"Blocked: self.example\"",
            "*.self.example A 127.0.0.2",
            "*.self.example TXT \"Blocked: self.example\"",
            "*.below.example A 127.0.0.2",
            "*.below.example TXT \"Blocked: below.example\"");
  }

  @Test
  void anAllowedDomainBelowABlockedPatternIsAHole() {
    ZoneImage dbl =
        new TestZones()
            .block(ACCOUNT, ".example.com")
            .allow(ACCOUNT, "good.example.com")
            .load()
            .image("acme", ListZone.DBL);
    SecondaryZone zone = TestZones.zone(dbl);

    assertThat(lookup(zone, "good.example.com", dbl).outcome())
        .isEqualTo(SecondaryZone.Outcome.NODATA);
    assertThat(lookup(zone, "bad.example.com", dbl).listed()).isTrue();
    assertThat(lookup(zone, "a.good.example.com", dbl).listed()).isTrue();
  }

  @Test
  void everyZoneHasTheTestPoints() {
    TestZones zones = new TestZones().load();

    assertThat(TestZones.text(zones.image("acme", ListZone.BL), null))
        .contains(
            "2.0.0.127 A 127.0.0.2",
            "2.0.0.127 TXT \"RFC 5782 test point: 127.0.0.2 is always listed\"",
            ip6Name("00000000000000000000ffff7f000002") + " A 127.0.0.2")
        .noneMatch(r -> r.startsWith("1.0.0.127 "));
    assertThat(TestZones.text(zones.image("acme-mx1", ListZone.WL), null))
        .contains("2.0.0.127 A 127.0.0.2");
    assertThat(TestZones.text(zones.image("acme", ListZone.DBL), null))
        .contains("test A 127.0.0.2", "test TXT \"RFC 5782 test point: test is always listed\"");
    assertThat(TestZones.text(zones.image("acme", ListZone.DWL), null))
        .contains("test A 127.0.0.2");
  }

  @Test
  void theTestPointsStayAsTheyAreWhateverTheEntries() {
    ZoneImage bl =
        new TestZones()
            .block(ACCOUNT, "127.0.0.0/8")
            .allow(ACCOUNT, "127.0.0.2")
            .block(ACCOUNT, ".invalid")
            .allow(ACCOUNT, "test")
            .load()
            .image("acme", ListZone.BL);
    SecondaryZone zone = TestZones.zone(bl);

    assertThat(lookup(zone, "2.0.0.127", bl).listed()).isTrue();
    assertThat(lookup(zone, "1.0.0.127", bl).listed()).isFalse();
    assertThat(lookup(zone, "3.0.0.127", bl).listed()).isTrue();
    ZoneImage dbl =
        new TestZones()
            .block(ACCOUNT, ".invalid")
            .allow(ACCOUNT, "test")
            .load()
            .image("acme", ListZone.DBL);
    SecondaryZone domains = TestZones.zone(dbl);
    assertThat(lookup(domains, "invalid", dbl).listed()).isFalse();
    assertThat(lookup(domains, "a.invalid", dbl).listed()).isFalse();
    assertThat(lookup(domains, "test", dbl).listed()).isTrue();
  }

  @Test
  void aMailServersZoneMergesItsEntriesWithItsAccountsUnderTheDecisionRule() {
    TestZones zones =
        new TestZones()
            .block(ACCOUNT, "192.0.2.0/24")
            .allow(SERVER, "192.0.2.5")
            .block(SERVER, "198.51.100.7")
            .load();

    SecondaryZone server = TestZones.zone(zones.image("acme-mx1", ListZone.BL));
    ZoneImage serverImage = zones.image("acme-mx1", ListZone.BL);
    assertThat(lookup(server, "5.2.0.192", serverImage).listed()).isFalse();
    assertThat(lookup(server, "6.2.0.192", serverImage).listed()).isTrue();
    assertThat(lookup(server, "7.100.51.198", serverImage).listed()).isTrue();
    ZoneImage accountImage = zones.image("acme", ListZone.BL);
    SecondaryZone account = TestZones.zone(accountImage);
    assertThat(lookup(account, "5.2.0.192", accountImage).listed()).isTrue();
    assertThat(lookup(account, "7.100.51.198", accountImage).listed()).isFalse();
  }

  @Test
  void theApexHasTheSoaAndNameServersWithPalisadesSerial() {
    TestZones zones = new TestZones().block(ACCOUNT, "192.0.2.1").load();
    ZoneImage bl = zones.image("acme", ListZone.BL);

    assertThat(bl.serial()).isEqualTo(10);
    assertThat(bl.soa().getSerial()).isEqualTo(10);
    assertThat(bl.soa().getName()).isEqualTo(TestZones.origin("acme", ListZone.BL));
    assertThat(TestZones.text(bl, null)).anyMatch(r -> r.startsWith("@ NS "));
  }

  @Test
  void aZoneBeyondTheRecordLimitIsTooLarge() {
    TestZones zones = new TestZones().block(ACCOUNT, "192.0.2.0/25").load();
    ServedZones small = zones.zones(100, 7);
    ServedZones large = zones.zones(1000, 7);

    assertThat(small.zone(TestZones.origin("acme", ListZone.BL)).orElseThrow().tooLarge()).isTrue();
    assertThat(large.zone(TestZones.origin("acme", ListZone.BL)).orElseThrow().tooLarge())
        .isFalse();
  }

  @Test
  void namesEveryZoneOfEveryScopeInAStableOrder() {
    ServedZones zones = new TestZones().load().zones();

    assertThat(zones.names())
        .containsExactly(
            TestZones.origin("acme", ListZone.BL),
            TestZones.origin("acme", ListZone.WL),
            TestZones.origin("acme", ListZone.DBL),
            TestZones.origin("acme", ListZone.DWL),
            TestZones.origin("acme-mx1", ListZone.BL),
            TestZones.origin("acme-mx1", ListZone.WL),
            TestZones.origin("acme-mx1", ListZone.DBL),
            TestZones.origin("acme-mx1", ListZone.DWL));
    assertThat(zones.zone(TestZones.origin("nobody", ListZone.BL))).isEmpty();
    assertThat(zones.zone(Name.root)).isEmpty();
  }

  @Test
  void rendersTheSameRecordsWhateverTheBatchOfSortedKeys() {
    TestZones zones = new TestZones();
    IntStream.range(0, 300)
        .forEach(i -> zones.block(ACCOUNT, "10." + (i % 7) + "." + i % 256 + ".0/24"));
    IntStream.range(0, 300)
        .forEach(i -> zones.block(ACCOUNT, "10.9." + (i % 256) + "." + (i / 256 + 1)));
    IntStream.range(0, 100).forEach(i -> zones.block(ACCOUNT, "d" + i + ".example"));
    zones.load();
    for (ListZone list : List.of(ListZone.BL, ListZone.DBL)) {
      ZoneImage one = zones.zones(50_000_000, 1).zone(TestZones.origin("acme", list)).orElseThrow();
      ZoneImage many =
          zones.zones(50_000_000, 1 << 16).zone(TestZones.origin("acme", list)).orElseThrow();
      List<String> a = new ArrayList<>();
      one.forEachRecord(r -> a.add(TestZones.text(r, one.origin())));
      List<String> b = new ArrayList<>();
      many.forEachRecord(r -> b.add(TestZones.text(r, many.origin())));
      assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
    }
  }

  private static SecondaryZone.Result lookup(SecondaryZone zone, String relative, ZoneImage image) {
    try {
      return zone.lookup(Name.fromString(relative, image.origin()), Type.A);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The reversed nibbles of 32 hex digits. */
  static String ip6Name(String hex) {
    StringBuilder out = new StringBuilder();
    for (int i = hex.length() - 1; i >= 0; i--) {
      out.append(hex.charAt(i)).append(i > 0 ? "." : "");
    }
    return out.toString();
  }
}
