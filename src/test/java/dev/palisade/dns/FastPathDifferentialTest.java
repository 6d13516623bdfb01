package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.QueryHandler.Transport;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.index.IndexSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The fast path against the dnsjava path as its oracle, over many generated queries: common ones
 * (listed, unlisted, test points, partial and malformed names, domains, with 0x20 case mixing, A,
 * TXT, ANY and other types, with and without EDNS) and unusual ones (other opcodes, classes, zone
 * apexes, names outside the base zone, broken or trailing bytes, EDNS options and versions).
 *
 * <p>Whenever the fast path answers, its bytes must equal dnsjava's byte for byte. Byte equality
 * rather than "same records" because it is both stricter and simple to check: it covers flags,
 * counts, record order, TTLs and name compression, and a mismatch shows the first differing byte.
 */
class FastPathDifferentialTest {

  static Stream<DnsSettings> settings() {
    DnsSettings defaults = DnsSettings.defaults();
    return Stream.of(
        defaults,
        // Name servers and hostmaster outside the base zone, sharing a suffix with each other;
        // odd TTLs; default texts with "$$".
        new DnsSettings(
            "Bl.Example.NET",
            "127.0.0.1",
            0,
            1,
            86400,
            new DnsSettings.Soa(7200, 1, 2, 3, 4000, "dns-admin@Example.org"),
            List.of("NS1.example.org", "ns2.example.org"),
            60,
            Duration.ofSeconds(1),
            1,
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            8,
            null,
            "Blocked $$5: $",
            "ok",
            null,
            0,
            0),
        // A name server whose name shares more than the base zone with the questions.
        new DnsSettings(
            "x",
            "127.0.0.1",
            0,
            1,
            0,
            null,
            List.of("bl.x"),
            1,
            Duration.ofSeconds(1),
            1,
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            8,
            null,
            null,
            null,
            null,
            0,
            0));
  }

  @ParameterizedTest
  @MethodSource("settings")
  void fastPathAnswersExactlyLikeDnsjava(DnsSettings settings) {
    FakeIndex index = FakeIndex.standard();
    // Entries for the whole address space: every address matches, none is listed in both lists.
    index
        .zone("whole", 5)
        .allow("0.0.0.0/0", "127.0.0.2", "all $")
        .block("::/0", "127.0.0.3", null)
        .block("192.0.2.0/24", "127.0.0.4", null);
    QueryHandler handler = new QueryHandler(settings, () -> index);
    FastPath fast = handler.newFastPath();
    Generator generator = new Generator(new Random(20240611L), settings.baseZone());
    byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];
    int answered = 0;
    int total = 30_000;
    for (int i = 0; i < total; i++) {
      byte[] query = generator.next();
      Transport transport = generator.random.nextInt(8) == 0 ? Transport.TCP : Transport.UDP;
      byte[] expected = handler.answer(query, query.length, transport);
      int length = fast.answer(query, query.length, transport, null, out);
      if (length != FastPath.DECLINED) {
        answered++;
        assertThat(HexFormat.of().formatHex(out, 0, length))
            .as("answer to %s over %s", HexFormat.of().formatHex(query), transport)
            .isEqualTo(expected == null ? null : HexFormat.of().formatHex(expected));
      }
      // The combined entry point answers like the dnsjava path whichever path took the query.
      int combined = handler.answer(query, query.length, transport, null, fast, out);
      assertThat(combined == -1 ? null : Arrays.copyOf(out, combined)).isEqualTo(expected);
    }
    // A good share of the generated queries is the common kind, which the fast path must take.
    assertThat(answered).isGreaterThan(total / 4);
  }

  /**
   * A client outside a zone's query ACL: both paths refuse it the same way (REFUSED, no AA, OPT
   * echoed), a client inside gets the same answers from both; zones without an ACL follow the
   * operator's default.
   */
  @ParameterizedTest
  @MethodSource("settings")
  void fastPathRefusesClientsOutsideTheAclLikeDnsjava(DnsSettings base) {
    DnsSettings settings = base.withAllowQuery(List.of("2001:db8::/32"));
    FakeIndex index = FakeIndex.standard();
    index.zone("demo", 42).block("192.0.2.0/24", "127.0.0.2", null).allowQuery("192.0.2.0/24");
    QueryHandler handler = new QueryHandler(settings, () -> index);
    FastPath fast = handler.newFastPath();
    QuerySource inside = new QuerySource();
    inside.ip4(0xc0000205); // 192.0.2.5
    QuerySource outside = new QuerySource();
    outside.ip6(0x20010db8_00000000L, 1); // 2001:db8::1: only the default allows it
    Generator generator = new Generator(new Random(7), settings.baseZone());
    byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];
    int refused = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] query = generator.next();
      for (QuerySource client : List.of(inside, outside)) {
        byte[] expected = handler.answer(query, query.length, Transport.UDP, client);
        int length = fast.answer(query, query.length, Transport.UDP, client, out);
        if (length != FastPath.DECLINED) {
          assertThat(HexFormat.of().formatHex(out, 0, length))
              .as("answer to %s from %s", HexFormat.of().formatHex(query), client)
              .isEqualTo(expected == null ? null : HexFormat.of().formatHex(expected));
          if ((out[3] & 0xf) == Wire.RCODE_REFUSED) {
            refused++;
            assertThat(out[2] & 0x04).as("no AA on a refusal").isZero();
          }
        }
      }
    }
    assertThat(refused).as("refusals the fast path wrote").isPositive();
  }

  @ParameterizedTest
  @MethodSource("settings")
  void reportsTheZoneOfEachQueryItAnsweredAndLeavesTheRestToTheObserver(DnsSettings settings)
      throws Exception {
    FakeIndex index = FakeIndex.standard();
    QueryHandler handler = new QueryHandler(settings, () -> index);
    FastPath fast = handler.newFastPath();
    FastPath probe = handler.newFastPath();
    Generator generator = new Generator(new Random(20261206L), settings.baseZone());
    int baseLabels = Name.fromString(settings.baseZone(), Name.root).labels();
    byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];
    int inZone = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] query = generator.next();
      Transport transport = i % 3 == 0 ? Transport.TCP : Transport.UDP;
      boolean fastAnswered = probe.answer(query, query.length, transport, null, out) >= 0;
      int size = handler.answer(query, query.length, transport, null, fast, out);
      if (size < 0) {
        continue;
      }
      Recorder recorder = new Recorder();
      fast.report(recorder, query, query.length, out, size);
      assertThat(recorder.calls).as("one report per answer").isEqualTo(1);
      assertThat(recorder.tcp).as("the transport").isEqualTo(transport == Transport.TCP);
      assertThat(recorder.scopeAt >= 0).as("reported in a zone").isEqualTo(fastAnswered);
      if (recorder.scopeAt >= 0) {
        inZone++;
        // What the observer would read from the name itself: <front>.<scope>.<list>.<base>.
        Record question = new Message(query).getQuestion();
        Name name = question.getName();
        assertThat(recorder.qtype).as("the question's type").isEqualTo(question.getType());
        int scope = name.labels() - baseLabels - 2;
        assertThat(new String(query, recorder.scopeAt + 1, query[recorder.scopeAt]))
            .isEqualTo(name.getLabelString(scope));
        assertThat(recorder.list.label()).isEqualToIgnoringCase(name.getLabelString(scope + 1));
        assertThat(scope).isPositive();
      }
    }
    assertThat(inZone).isGreaterThan(1000);
  }

  /** Records how the fast path reported the last answer. */
  private static final class Recorder implements AnswerObserver {
    int calls;
    int scopeAt = -1;
    ListZone list;
    int qtype = -1;
    boolean tcp;

    @Override
    public void observe(
        byte[] query, int queryLength, byte[] answer, int answerLength, boolean tcp) {
      calls++;
      this.tcp = tcp;
    }

    @Override
    public void observeInZone(
        byte[] query,
        int queryLength,
        int scopeAt,
        ListZone list,
        int qtype,
        byte[] answer,
        int answerLength,
        boolean tcp) {
      calls++;
      this.scopeAt = scopeAt;
      this.list = list;
      this.qtype = qtype;
      this.tcp = tcp;
    }
  }

  @ParameterizedTest
  @MethodSource("settings")
  void fastPathTakesTheCommonQueries(DnsSettings settings) {
    FakeIndex index = FakeIndex.standard();
    QueryHandler handler = new QueryHandler(settings, () -> index);
    FastPath fast = handler.newFastPath();
    String zone = ".demo.bl." + settings.baseZone();
    byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];
    for (String name :
        List.of("3.2.0.192" + zone, "4.3.2.10" + zone, "2.0.0.127" + zone, "2.0" + zone)) {
      for (int type : new int[] {1, 16, 255, 28}) {
        byte[] query = Generator.query(7, 0x01, name, type, 1);
        assertThat(fast.answer(query, query.length, Transport.UDP, null, out))
            .as("%s type %d", name, type)
            .isNotEqualTo(FastPath.DECLINED);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("settings")
  void fastPathDeclinesWhenTheIndexIsNotLoaded(DnsSettings settings) {
    QueryHandler handler = new QueryHandler(settings, () -> (IndexSnapshot) null);
    byte[] query = Generator.query(7, 0, "3.2.0.192.demo.bl." + settings.baseZone(), 1, 1);
    assertThat(
            handler
                .newFastPath()
                .answer(
                    query,
                    query.length,
                    Transport.UDP,
                    null,
                    new byte[QueryHandler.MAX_TCP_MESSAGE]))
        .isEqualTo(FastPath.DECLINED);
  }

  /** Random queries, mostly of the kind mail servers send, some of every odd kind. */
  static final class Generator {

    private static final String[] SCOPES = {
      "demo", "DEMO", "acme-mx1", "whole", "nobody", "de_mo", "d.e"
    };
    private static final String[] LISTS = {"bl", "wl", "dbl", "dwl", "BL", "dWl", "xl"};
    private static final String[] ADDRESSES = {
      "3.2.0.192",
      "99.2.0.192",
      "7.100.51.198",
      "5.113.0.203",
      "6.113.0.203",
      "2.0.0.127",
      "1.0.0.127",
      "1.0.0.2",
      "4.3.2.10",
      "1.1.1.1",
      "2.0.192",
      "1.1",
      "192",
      "256.2.0.192",
      "3.02.0.192",
      "x.2.0.192",
      "5.3.2.0.192",
      "0.0.0.0",
      "255.255.255.255",
      "a.b.c.d",
      "-1",
      "*"
    };
    private static final String[] DOMAINS = {
      "spam.example",
      "x.spam.example",
      "bad.example",
      "a.b.bad.example",
      "x.sub.example",
      "sub.example",
      "good.example",
      "deep.a.example",
      "a.example",
      "example",
      "test",
      "invalid",
      "x.invalid",
      "other.example",
      "sp*m.example",
      "xn--bcher-kva.example",
      "under_score.example"
    };
    private static final String[] IP6 = {
      "2001:db8::1", "2001:db8::99", "2001:db9::1", "::ffff:7f00:2", "::ffff:7f00:1", "::"
    };
    private static final int[] TYPES = {1, 1, 1, 16, 16, 255, 28, 15, 6, 2, 43, 252, 251, 41, 99};

    final Random random;
    private final String base;

    Generator(Random random, String base) {
      this.random = random;
      this.base = base;
    }

    byte[] next() {
      String name = name();
      int type = TYPES[random.nextInt(TYPES.length)];
      int qclass = random.nextInt(30) == 0 ? 3 : 1;
      int flags = random.nextInt(4) == 0 ? random.nextInt(0x10000) & 0x7fff : 0x0100;
      if (random.nextInt(20) == 0) {
        flags |= 0x8000; // a response
      }
      byte[] query = query(random.nextInt(0x10000), flags, mixCase(name), type, qclass);
      int edns = random.nextInt(10);
      if (edns < 4) {
        int payload = new int[] {0, 100, 512, 1232, 4096, 65535}[random.nextInt(6)];
        int version = random.nextInt(10) == 0 ? 1 : 0;
        int ednsFlags = random.nextBoolean() ? 0x8000 : 0;
        byte[] options =
            random.nextInt(5) == 0 ? HexFormat.of().parseHex("000a00080102030405060708") : null;
        query =
            withOpt(query, payload, random.nextInt(8) == 0 ? 5 : 0, version, ednsFlags, options);
      }
      return mangle(query);
    }

    private String name() {
      String zone = "." + pick(SCOPES, 0.9, "demo") + "." + pick(LISTS, 0.8, "bl") + "." + base;
      return switch (random.nextInt(12)) {
        case 0, 1, 2, 3 -> ADDRESSES[random.nextInt(ADDRESSES.length)] + zone;
        case 4 -> randomIp4() + zone;
        case 5 -> DnsTestSupport.nibbles(IP6[random.nextInt(IP6.length)]) + zone;
        case 6 -> partialNibbles() + zone;
        case 7, 8 -> DOMAINS[random.nextInt(DOMAINS.length)] + zone.replace(".bl.", ".dbl.");
        case 9 -> zone.substring(1); // a zone apex
        case 10 -> random.nextBoolean() ? base : "3.2.0.192.demo.bl.elsewhere.example";
        default -> "bl." + base;
      };
    }

    private String pick(String[] values, double usual, String common) {
      return random.nextDouble() < usual ? common : values[random.nextInt(values.length)];
    }

    private String randomIp4() {
      return random.nextInt(256)
          + "."
          + random.nextInt(256)
          + ".0."
          + (random.nextBoolean() ? 192 : random.nextInt(256));
    }

    private String partialNibbles() {
      String all = DnsTestSupport.nibbles("2001:db8::1");
      int labels = 1 + random.nextInt(33);
      String[] parts = all.split("\\.");
      return String.join(".", Arrays.copyOfRange(parts, Math.max(0, 32 - labels), 32))
          + (labels == 33 ? ".1" : "");
    }

    /** Flips the case of letters at random, as resolvers doing 0x20 randomisation do. */
    private String mixCase(String name) {
      if (random.nextBoolean()) {
        return name;
      }
      char[] chars = name.toCharArray();
      for (int i = 0; i < chars.length; i++) {
        if (random.nextBoolean()) {
          chars[i] =
              Character.isUpperCase(chars[i])
                  ? Character.toLowerCase(chars[i])
                  : Character.toUpperCase(chars[i]);
        }
      }
      return new String(chars);
    }

    /** Sometimes breaks the packet: cut short, trailing bytes, odd counts, a compressed name. */
    private byte[] mangle(byte[] query) {
      return switch (random.nextInt(40)) {
        case 0 -> Arrays.copyOf(query, random.nextInt(query.length));
        case 1 -> Arrays.copyOf(query, query.length + 1 + random.nextInt(3));
        case 2 -> {
          byte[] copy = query.clone();
          copy[5 + 2 * random.nextInt(4)] = (byte) random.nextInt(3);
          yield copy;
        }
        case 3 -> {
          byte[] copy = query.clone();
          copy[12] = (byte) 0xc0;
          yield copy;
        }
        case 4 -> {
          byte[] copy = query.clone();
          copy[12 + random.nextInt(copy.length - 12)] = (byte) random.nextInt(256);
          yield copy;
        }
        default -> query;
      };
    }

    static byte[] query(int id, int flags, String name, int type, int qclass) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(id >>> 8);
      out.write(id);
      out.write(flags >>> 8);
      out.write(flags);
      out.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
      for (String label : name.split("\\.")) {
        byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
      }
      out.write(0);
      out.write(type >>> 8);
      out.write(type);
      out.write(qclass >>> 8);
      out.write(qclass);
      return out.toByteArray();
    }

    static byte[] withOpt(
        byte[] query, int payload, int extendedRcode, int version, int flags, byte[] options) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(query);
      int rdlength = options == null ? 0 : options.length;
      out.writeBytes(
          new byte[] {
            0,
            0,
            41,
            (byte) (payload >>> 8),
            (byte) payload,
            (byte) extendedRcode,
            (byte) version,
            (byte) (flags >>> 8),
            (byte) flags,
            (byte) (rdlength >>> 8),
            (byte) rdlength
          });
      if (options != null) {
        out.writeBytes(options);
      }
      byte[] bytes = out.toByteArray();
      bytes[11] = 1; // ARCOUNT
      return bytes;
    }
  }
}
