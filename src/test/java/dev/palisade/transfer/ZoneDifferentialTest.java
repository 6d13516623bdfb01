package dev.palisade.transfer;

import static dev.palisade.transfer.TestZones.ACCOUNT;
import static dev.palisade.transfer.TestZones.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.palisade.dns.AnswerRecords;
import dev.palisade.dns.DnsLookup;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Loads every rendered zone of a generated data set as a secondary loads a transfer (dnsjava's
 * {@code Zone} accepts it; {@link SecondaryZone} answers from it as NSD, Knot and BIND do), and
 * asks it and Palisade's own answering ({@link DnsLookup}) the same names: listed, unlisted,
 * network edges, holes, IPv6, domains, test points, partial and malformed names. The rcode, the A
 * records and the TXT records must be the same, except for the differences listed in {@link Known},
 * each of which is documented in deploy/secondaries.md.
 */
class ZoneDifferentialTest {

  /** What a secondary answers otherwise than Palisade, by design. */
  enum Known {
    /**
     * A name a wildcard would list, but which is not listed (an allow entry in a blocked network):
     * Palisade says NXDOMAIN, the secondary NODATA (the name exists, to stop the wildcard).
     */
    HOLE_ANSWERS_NODATA("answers NODATA instead of NXDOMAIN"),
    /**
     * A name Palisade answers NODATA for, being the start of longer names (a partial address, an
     * address of four single digits, a domain above entries of the other list), where the secondary
     * has nothing below it: NXDOMAIN.
     */
    EMPTY_NON_TERMINAL_NXDOMAIN("answers NXDOMAIN instead of NODATA"),
    /**
     * A name that is no full address (fewer or more labels, or labels that are not octets or
     * nibbles) below a wildcard: the wildcard answers for it.
     */
    NOT_AN_ADDRESS_UNDER_A_WILDCARD("names that are not addresses"),
    /**
     * An address listed through a wildcard: the TXT has the listed network where Palisade has the
     * queried address.
     */
    WILDCARD_TEXT_NAMES_THE_NETWORK("names the listed network");

    /** What deploy/secondaries.md says of it, word for word. */
    final String documented;

    Known(String documented) {
      this.documented = documented;
    }
  }

  private final Random random = new Random(15);

  @Test
  void aSecondaryLoadingTheRenderedZonesAnswersAsPalisadeDoes() throws Exception {
    TestZones zones = new TestZones();
    List<String> ip4 = new ArrayList<>();
    List<String> ip6 = new ArrayList<>();
    List<String> domains = new ArrayList<>();
    generate(zones, ip4, ip6, domains);
    zones.load();
    DnsLookup palisade = DnsLookup.over(TestZones.DNS, zones.index::snapshot);
    ServedZones served = zones.zones();

    Map<Known, Integer> seen = new EnumMap<>(Known.class);
    for (String label : List.of("acme", "acme-mx1")) {
      for (ListZone list : ListZone.values()) {
        ZoneImage image = served.zone(TestZones.origin(label, list)).orElseThrow();
        SecondaryZone zone = TestZones.zone(image);
        ZoneView view = zones.index.snapshot().zone(label);
        Set<String> names = list.addresses() ? addressNames(ip4, ip6) : domainNames(domains);
        assertThat(names).hasSizeGreaterThanOrEqualTo(5000);
        for (String name : names) {
          Name qname = Name.fromString(name, image.origin());
          DnsLookup.DnsAnswer expected = palisade.ask(qname.toString());
          Answer actual = Answer.of(zone, qname);
          if (expected.rcode().equals(actual.rcode)
              && expected.addresses().equals(actual.addresses)
              && expected.texts().equals(actual.texts)) {
            continue;
          }
          Known known = classify(name, list, view, expected, actual);
          if (known == null) {
            fail(
                "%s in %s: Palisade %s %s %s, secondary %s %s %s",
                name,
                image.origin(),
                expected.rcode(),
                expected.addresses(),
                expected.texts(),
                actual.rcode,
                actual.addresses,
                actual.texts);
          }
          seen.merge(known, 1, Integer::sum);
        }
      }
    }
    // Every difference was one of the known ones; those are documented for the admin.
    String doc = Files.readString(Path.of("deploy/secondaries.md"));
    for (Known known : Known.values()) {
      assertThat(doc).contains(known.documented);
    }
    assertThat(seen).containsKeys(Known.HOLE_ANSWERS_NODATA, Known.WILDCARD_TEXT_NAMES_THE_NETWORK);
  }

  /** The known difference a mismatch is, or null when it is none of them. */
  private static Known classify(
      String name, ListZone list, ZoneView view, DnsLookup.DnsAnswer palisade, Answer secondary) {
    boolean palisadeListed = !palisade.addresses().isEmpty();
    boolean secondaryListed = !secondary.addresses.isEmpty();
    boolean fullName = fullName(name, list);
    if (palisadeListed && secondaryListed) {
      if (!palisade.addresses().equals(secondary.addresses) || !list.addresses()) {
        return null;
      }
      Verdict verdict = verdict(name, view);
      String template = new AnswerRecords(TestZones.DNS).template(verdict.kind(), verdict.reason());
      String networkText =
          new AnswerRecords(TestZones.DNS).text(template, verdict.matched().canonical());
      return secondary.texts.equals(List.of(networkText))
          ? Known.WILDCARD_TEXT_NAMES_THE_NETWORK
          : null;
    }
    if (palisadeListed) {
      return null; // a listed name the secondary does not list: never acceptable
    }
    if (secondaryListed) {
      return fullName ? null : Known.NOT_AN_ADDRESS_UNDER_A_WILDCARD;
    }
    if (palisade.rcode().equals("NXDOMAIN") && secondary.rcode.equals("NOERROR")) {
      return Known.HOLE_ANSWERS_NODATA;
    }
    if (palisade.rcode().equals("NOERROR") && secondary.rcode.equals("NXDOMAIN")) {
      return Known.EMPTY_NON_TERMINAL_NXDOMAIN;
    }
    return null;
  }

  /** Whether the name (relative to the zone) is one a client asks about: a whole address. */
  private static boolean fullName(String name, ListZone list) {
    if (!list.addresses()) {
      return true;
    }
    String[] labels = name.split("\\.");
    if (labels.length == 4) {
      for (String label : labels) {
        if (!label.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(label) > 255) {
          return false;
        }
      }
      return true;
    }
    return labels.length == 32 && name.matches("([0-9a-f]\\.){31}[0-9a-f]");
  }

  private static Verdict verdict(String name, ZoneView view) {
    String[] labels = name.split("\\.");
    if (labels.length == 4) {
      int address = 0;
      for (int i = 3; i >= 0; i--) {
        address = (address << 8) | Integer.parseInt(labels[i]);
      }
      return view.ip4(address);
    }
    long high = 0;
    long low = 0;
    for (int i = 31; i >= 0; i--) {
      int nibble = Character.digit(labels[i].charAt(0), 16);
      high = (high << 4) | (low >>> 60);
      low = (low << 4) | nibble;
    }
    return view.ip6(high, low);
  }

  /** What the secondary answers to A and TXT. */
  private record Answer(String rcode, List<String> addresses, List<String> texts) {

    static Answer of(SecondaryZone zone, Name qname) {
      SecondaryZone.Result a = zone.lookup(qname, Type.A);
      SecondaryZone.Result txt = zone.lookup(qname, Type.TXT);
      String rcode = a.outcome() == SecondaryZone.Outcome.NXDOMAIN ? "NXDOMAIN" : "NOERROR";
      List<String> addresses = new ArrayList<>();
      for (Record r : a.records()) {
        addresses.add(((ARecord) r).getAddress().getHostAddress());
      }
      List<String> texts = new ArrayList<>();
      for (Record r : txt.records()) {
        texts.add(String.join("", ((TXTRecord) r).getStrings()));
      }
      return new Answer(rcode, addresses, texts);
    }
  }

  // ---- The data set. ----

  private void generate(TestZones zones, List<String> ip4, List<String> ip6, List<String> names) {
    String[] reasons = {null, "spam from $", "listed: $ ($$5 fine)", "no subject here"};
    for (int i = 0; i < 600; i++) {
      int length = 8 + random.nextInt(25);
      int address =
          switch (random.nextInt(4)) {
            case 0 -> 0xc0000000 | random.nextInt(1 << 16); // 192.0.0.0/16, dense
            case 1 -> 0x0a000000 | random.nextInt(1 << 24); // 10.0.0.0/8
            case 2 -> singleDigits(); // shared with IPv6 names
            default -> random.nextInt();
          };
      String value = new Ip4Network(address & Ip4Network.mask(length), length).canonical();
      add(zones, value, reasons);
      ip4.add(value);
    }
    for (int i = 0; i < 300; i++) {
      int length = 4 + random.nextInt(125);
      long high =
          random.nextBoolean()
              ? 0x20010db800000000L | (random.nextLong() >>> 32)
              : random.nextLong() & 0x3fffffffffffffffL;
      long low = random.nextLong();
      Ip6Network network =
          new Ip6Network(
              high & Ip6Network.highMask(length), low & Ip6Network.lowMask(length), length);
      add(zones, network.canonical(), reasons);
      ip6.add(network.canonical());
    }
    String[] labels = {"a", "b", "mail", "example", "com", "net", "x-1"};
    for (int i = 0; i < 400; i++) {
      StringBuilder name = new StringBuilder();
      int depth = 1 + random.nextInt(4);
      for (int d = 0; d < depth; d++) {
        name.append(d > 0 ? "." : "").append(labels[random.nextInt(labels.length)]);
      }
      String pattern =
          switch (random.nextInt(3)) {
            case 0 -> name.toString();
            case 1 -> "." + name;
            default -> "*." + name;
          };
      add(zones, pattern, reasons);
      names.add(name.toString());
    }
  }

  private int singleDigits() {
    int address = 0;
    for (int i = 0; i < 4; i++) {
      address = (address << 8) | random.nextInt(10);
    }
    return address;
  }

  private void add(TestZones zones, String value, String[] reasons) {
    long scope = random.nextBoolean() ? ACCOUNT : SERVER;
    int draw = random.nextInt(10);
    // Mostly blocks; allow entries and exclusions punch holes.
    ListKind kind = draw < 6 ? ListKind.BLOCK : draw < 8 ? ListKind.ALLOW : ListKind.EXCLUDE;
    String code = "127.0.0." + (2 + random.nextInt(4));
    zones.entry(scope, kind, value, code, reasons[random.nextInt(reasons.length)]);
  }

  // ---- The names asked. ----

  private Set<String> addressNames(List<String> ip4, List<String> ip6) {
    Set<String> names = new LinkedHashSet<>();
    for (String text : ip4) {
      Ip4Network network = (Ip4Network) EntryValue.parse(text);
      int first = network.address();
      int last = first | ~Ip4Network.mask(network.prefixLength());
      for (int address :
          new int[] {
            first, last, first - 1, last + 1, first + random.nextInt(1 + (last - first) / 2)
          }) {
        names.add(ip4Name(address, 4));
      }
      names.add(ip4Name(first, 1 + random.nextInt(3))); // a partial address
    }
    for (String text : ip6) {
      Ip6Network network = (Ip6Network) EntryValue.parse(text);
      long high = network.high();
      long low = network.low();
      long lastHigh = high | ~Ip6Network.highMask(network.prefixLength());
      long lastLow = low | ~Ip6Network.lowMask(network.prefixLength());
      names.add(ip6Name(high, low, 32));
      names.add(ip6Name(lastHigh, lastLow, 32));
      names.add(ip6Name(high, low - 1, 32));
      names.add(ip6Name(lastHigh, lastLow + 1, 32));
      names.add(
          ip6Name(
              high, low | (random.nextLong() & ~Ip6Network.lowMask(network.prefixLength())), 32));
      names.add(ip6Name(high, low, 1 + random.nextInt(31)));
    }
    names.add("2.0.0.127");
    names.add("1.0.0.127");
    names.add("3.0.0.127");
    names.add(ip6Name(0, 0x0000ffff7f000002L, 32));
    names.add(ip6Name(0, 0x0000ffff7f000001L, 32));
    names.add("x.1.0.192");
    names.add("1.2.3.4.5");
    names.add("256.1.0.192");
    names.add("01.2.0.192");
    while (names.size() < 5200) {
      int address =
          switch (random.nextInt(3)) {
            case 0 -> 0xc0000000 | random.nextInt(1 << 16);
            case 1 -> singleDigits();
            default -> 0x0a000000 | random.nextInt(1 << 24);
          };
      names.add(ip4Name(address, 4));
      names.add(ip6Name(0x20010db800000000L | (random.nextLong() >>> 40), random.nextLong(), 32));
    }
    return names;
  }

  private Set<String> domainNames(List<String> patterns) {
    Set<String> names = new LinkedHashSet<>();
    String[] labels = {"a", "b", "mail", "example", "com", "net", "x-1", "zz"};
    for (String name : patterns) {
      names.add(name);
      names.add("a." + name);
      names.add("zz.b." + name);
      int dot = name.indexOf('.');
      if (dot > 0) {
        names.add(name.substring(dot + 1));
      }
    }
    names.add("test");
    names.add("a.test");
    names.add("invalid");
    names.add("a.invalid");
    while (names.size() < 5200) {
      StringBuilder name = new StringBuilder();
      int depth = 1 + random.nextInt(6);
      for (int d = 0; d < depth; d++) {
        name.append(d > 0 ? "." : "").append(labels[random.nextInt(labels.length)]);
      }
      names.add(name.toString());
    }
    return names;
  }

  private static String ip4Name(int address, int octets) {
    StringBuilder out = new StringBuilder();
    for (int i = octets - 1; i >= 0; i--) {
      out.append((address >>> (24 - 8 * i)) & 0xff).append(i > 0 ? "." : "");
    }
    return out.toString();
  }

  private static String ip6Name(long high, long low, int nibbles) {
    StringBuilder out = new StringBuilder();
    for (int i = nibbles - 1; i >= 0; i--) {
      long half = i < 16 ? high : low;
      out.append(Character.forDigit((int) (half >>> (60 - 4 * (i % 16))) & 0xf, 16))
          .append(i > 0 ? "." : "");
    }
    return out.toString();
  }
}
