package dev.palisade.transfer;

import static dev.palisade.transfer.TestZones.ACCOUNT;
import static dev.palisade.transfer.TestZones.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Each rendering rule of a zone as ordinary records: the records some entries render to, and what a
 * secondary answers from them, as tables of cases; then the rules that are not a table's row.
 */
class ZoneRendererTest {

  private static final String HOLE = "TYPE65280 \\# 0";

  /**
   * The records a zone holds below a name ({@code under}, relative to the zone), for the entries
   * given. Entries: {@code kind scope value [return code [reason]]}, comma-separated, the scope
   * {@code acme} (the account) or {@code acme-mx1} (its mail server). Records: {@code owner TYPE
   * rdata}, semicolon-separated, {@code HOLE} for the record of a hole; none: {@code -}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # rule | entries | zone | under | records
          a single address is one name \
            | block acme 192.0.2.1 | acme bl | 192 \
            | 1.2.0.192 A 127.0.0.2; 1.2.0.192 TXT "Blocked: 192.0.2.1"
          a network on an octet boundary is a wildcard whose text names the network \
            | block acme 192.0.2.0/24 | acme bl | 192 \
            | *.2.0.192 A 127.0.0.2; *.2.0.192 TXT "Blocked: 192.0.2.0/24"
          an allowed address inside a blocked network is a hole \
            | block acme 192.0.2.0/24, allow acme 192.0.2.5 | acme bl | 192 \
            | *.2.0.192 A 127.0.0.2; *.2.0.192 TXT "Blocked: 192.0.2.0/24"; 5.2.0.192 HOLE
          an excluded address inside a blocked network is a hole \
            | block acme 192.0.2.0/24, exclude acme 192.0.2.5 | acme bl | 192 \
            | *.2.0.192 A 127.0.0.2; *.2.0.192 TXT "Blocked: 192.0.2.0/24"; 5.2.0.192 HOLE
          an exclusion allows nothing: the allow list has no record for it \
            | block acme 192.0.2.0/24, exclude acme 192.0.2.5 | acme wl | 192 | -
          the exclusion of a mail server beats the block of its account it is inside, in its own zone \
            | block acme 198.51.100.0/24, exclude acme-mx1 198.51.100.7 | acme-mx1 bl | 198 \
            | *.100.51.198 A 127.0.0.2; *.100.51.198 TXT "Blocked: 198.51.100.0/24"; \
              7.100.51.198 HOLE
          the exclusion of a mail server is no hole in the zone of its account \
            | block acme 198.51.100.0/24, exclude acme-mx1 198.51.100.7 | acme bl | 198 \
            | *.100.51.198 A 127.0.0.2; *.100.51.198 TXT "Blocked: 198.51.100.0/24"
          the exclusion of a mail server allows nothing either \
            | block acme 198.51.100.0/24, exclude acme-mx1 198.51.100.7 | acme wl | 198 | -
          in the allow list a blocked address inside an allowed network is the hole \
            | allow acme 192.0.2.0/24, block acme 192.0.2.5 | acme wl | 192 \
            | *.2.0.192 A 127.0.0.2; *.2.0.192 TXT "Allowed: 192.0.2.0/24"; 5.2.0.192 HOLE
          a listed name inside a wildcard keeps the wildcard answering for its neighbours \
            (2.0.192 exists because 5.2.0.192 does, so it carries the wildcard of the /16 again) \
            | block acme 192.0.0.0/16, block acme 192.0.2.5 127.0.0.4 spam from $ | acme bl | 192 \
            | *.0.192 A 127.0.0.2; *.0.192 TXT "Blocked: 192.0.0.0/16"; \
              *.2.0.192 A 127.0.0.2; *.2.0.192 TXT "Blocked: 192.0.0.0/16"; \
              5.2.0.192 A 127.0.0.4; 5.2.0.192 TXT "spam from 192.0.2.5"
          domain patterns are names and wildcards \
            | block acme exact.example, block acme .self.example, block acme *.below.example \
            | acme dbl | example \
            | exact.example A 127.0.0.2; exact.example TXT "Blocked: exact.example"; \
              self.example A 127.0.0.2; self.example TXT "Blocked: self.example"; \
              *.self.example A 127.0.0.2; *.self.example TXT "Blocked: self.example"; \
              *.below.example A 127.0.0.2; *.below.example TXT "Blocked: below.example"
          """)
  void rendersTheRecordsOfTheEntries(
      String rule, String entries, String zone, String under, String records) {
    ZoneImage image = image(entries, zone);

    List<String> expected =
        records.equals("-")
            ? List.of()
            : Arrays.stream(records.split(";")).map(r -> r.strip().replace("HOLE", HOLE)).toList();
    assertThat(TestZones.text(image, under)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * What a secondary answers from the zone for the entries given (written as above): each name,
   * relative to the zone ({@code <2001:db8::1>}: an IPv6 address's reversed nibbles), {@code
   * listed}, {@code unlisted} (NXDOMAIN or NODATA), or {@code NODATA} exactly.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # rule | entries | zone | answers
          a hole answers NODATA \
            | block acme 192.0.2.0/24, allow acme 192.0.2.5 | acme bl \
            | 5.2.0.192 NODATA, 6.2.0.192 listed
          an excluded address is a hole that answers NODATA \
            | block acme 192.0.2.0/24, exclude acme 192.0.2.5 | acme bl \
            | 5.2.0.192 NODATA, 6.2.0.192 listed
          a network hole keeps the wildcard above from its names \
            | block acme 192.0.0.0/16, allow acme 192.0.2.0/24 | acme bl \
            | 7.2.0.192 unlisted, 7.3.0.192 listed
          an IPv4 wildcard of single digits does not list IPv6 names below it \
            (the name of 2001:db8::1 starts with the nibbles 2, 0, 0, 1 as 2.0.0.1 does) \
            | block acme 2.0.0.0/8 | acme bl \
            | 3.2.1.2 listed, 200.1.0.2 listed, <2001:db8::1> unlisted, <2a00::1> unlisted
          an IPv6 wildcard of single digits does not list IPv4 names below it \
            | block acme 2000::/4 | acme bl \
            | <2001:db8::1> listed, 4.3.2.2 unlisted, 40.3.2.2 unlisted
          an IPv6 entry does not hide an IPv4 wildcard above \
            | block acme 2.0.0.0/8, block acme 2001:db8::1 | acme bl \
            | 5.1.0.2 listed, <2001:db8::1> listed, <2001:db8::2> unlisted
          an allowed domain below a blocked pattern is a hole \
            | block acme .example.com, allow acme good.example.com | acme dbl \
            | good.example.com NODATA, bad.example.com listed, a.good.example.com listed
          an excluded domain below a blocked pattern is a hole \
            | block acme .example.com, exclude acme good.example.com | acme dbl \
            | good.example.com NODATA, bad.example.com listed, a.good.example.com listed
          an excluded domain is not in the allow list \
            | block acme .example.com, exclude acme good.example.com | acme dwl \
            | good.example.com unlisted
          the address test points stay as they are whatever the entries \
            | block acme 127.0.0.0/8, allow acme 127.0.0.2, block acme .invalid, allow acme test \
            | acme bl | 2.0.0.127 listed, 1.0.0.127 unlisted, 3.0.0.127 listed
          the domain test points stay as they are whatever the entries \
            | block acme .invalid, allow acme test | acme dbl \
            | invalid unlisted, a.invalid unlisted, test listed
          the zone of a mail server merges its entries with those of its account by the decision rule \
            | block acme 192.0.2.0/24, allow acme-mx1 192.0.2.5, block acme-mx1 198.51.100.7 \
            | acme-mx1 bl | 5.2.0.192 unlisted, 6.2.0.192 listed, 7.100.51.198 listed
          the zone of the account has none of the entries of its mail server \
            | block acme 192.0.2.0/24, allow acme-mx1 192.0.2.5, block acme-mx1 198.51.100.7 \
            | acme bl | 5.2.0.192 listed, 7.100.51.198 unlisted
          """)
  void aSecondaryAnswersFromTheZoneAsTheDecisionRuleSays(
      String rule, String entries, String zone, String answers) {
    ZoneImage image = image(entries, zone);
    SecondaryZone secondary = TestZones.zone(image);

    for (String answer : answers.split(",")) {
      String[] nameAndAnswer = answer.strip().split(" ");
      SecondaryZone.Result result = lookup(secondary, name(nameAndAnswer[0]), image);
      String seen = result.outcome() == SecondaryZone.Outcome.ANSWER ? "listed" : "unlisted";
      switch (nameAndAnswer[1]) {
        case "NODATA" ->
            assertThat(result.outcome()).as(answer).isEqualTo(SecondaryZone.Outcome.NODATA);
        case "listed", "unlisted" -> assertThat(seen).as(answer).isEqualTo(nameAndAnswer[1]);
        default -> throw new IllegalArgumentException("no such answer: " + answer);
      }
    }
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

  /** The zone ({@code label list}) of the entries given as the tables above write them. */
  private static ZoneImage image(String entries, String zone) {
    TestZones zones = new TestZones();
    for (String entry : entries.split(",")) {
      String[] fields = entry.strip().split(" ", 5);
      zones.entry(
          fields[1].equals("acme") ? ACCOUNT : SERVER,
          ListKind.valueOf(fields[0].toUpperCase(Locale.ROOT)),
          fields[2],
          fields.length > 3 ? fields[3] : "127.0.0.2",
          fields.length > 4 ? fields[4] : null);
    }
    String[] labelAndList = zone.split(" ");
    return zones
        .load()
        .image(labelAndList[0], ListZone.valueOf(labelAndList[1].toUpperCase(Locale.ROOT)));
  }

  /** A name of the tables: {@code <2001:db8::1>} becomes the address's reversed nibbles. */
  private static String name(String text) {
    if (!text.startsWith("<")) {
      return text;
    }
    try {
      byte[] address = InetAddress.getByName(text.substring(1, text.length() - 1)).getAddress();
      return ip6Name(HexFormat.of().formatHex(address));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
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
