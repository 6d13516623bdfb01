package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** The limiter on a clock of its own: buckets, classes, networks, slip, exemptions, counters. */
class RateLimiterTest {

  private static final String LISTED = "2.0.0.127.demo.bl.rbl.palisade.test";

  private long nanos = TimeUnit.DAYS.toNanos(3);

  /** Rates 10 (responses), 20 (NODATA), 30 (NXDOMAIN), 5 (errors); /24 and /56; slip 2. */
  private static RateLimitSettings settings(int slip, List<String> exempt) {
    return new RateLimitSettings(true, 10, 20, 30, 5, slip, 24, 56, exempt, 1024);
  }

  private RateLimiter limiter(RateLimitSettings settings) {
    return new RateLimiter(settings, () -> nanos, 42);
  }

  private void advanceMillis(long millis) {
    nanos += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** How many of {@code count} answers of this rcode from this source are sent in full. */
  private static int sent(RateLimiter.Gate gate, String source, int rcode, int count) {
    int sent = 0;
    byte[] template = answer(rcode, rcode == Rcode.NOERROR);
    byte[] from = address(source);
    for (int i = 0; i < count; i++) {
      byte[] answer = template.clone(); // a slip rewrites it
      gate.batch();
      if (gate.limit(from, answer, answer.length) == answer.length) {
        sent++;
      }
    }
    return sent;
  }

  private static int sentListed(RateLimiter.Gate gate, String source, int count) {
    return sent(gate, source, Rcode.NOERROR, count);
  }

  @Test
  void sendsOneSecondsWorthAtOnceThenRefillsAtTheRate() {
    RateLimiter.Gate gate = limiter(settings(0, List.of())).newGate();

    assertThat(sentListed(gate, "192.0.2.1", 15)).isEqualTo(10);
    advanceMillis(100);
    assertThat(sentListed(gate, "192.0.2.1", 5)).isEqualTo(1);
    advanceMillis(250);
    assertThat(sentListed(gate, "192.0.2.1", 5)).isEqualTo(2);
    advanceMillis(5000);
    assertThat(sentListed(gate, "192.0.2.1", 15)).isEqualTo(10); // a full bucket, not more
  }

  @Test
  void aSteadyFloodGetsTheRateAndNoMore() {
    RateLimiter.Gate gate = limiter(settings(0, List.of())).newGate();
    int sent = 0;
    for (int ms = 0; ms < 10_000; ms++) { // 10 s at 20,000 answers a second
      sent += sentListed(gate, "192.0.2.1", 20);
      advanceMillis(1);
    }
    assertThat(sent).isBetween(100, 110); // 10 a second, plus the first second's burst
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "RESPONSE, 0, true, 10",
    "NODATA, 0, false, 20",
    "NXDOMAIN, 3, false, 30",
    "ERROR, 5, false, 5",
    "ERROR, 2, false, 5",
    "ERROR, 1, false, 5",
  })
  void limitsEachClassAtItsOwnRate(ResponseClass type, int rcode, boolean records, int rate) {
    RateLimiter.Gate gate = limiter(settings(0, List.of())).newGate();
    byte[] probe = answer(rcode, records);
    assertThat(ResponseClass.of(probe, probe.length)).isEqualTo(type);

    int sent = 0;
    for (int i = 0; i < 100; i++) {
      byte[] answer = answer(rcode, records);
      gate.batch();
      sent += gate.limit(address("192.0.2.1"), answer, answer.length) == answer.length ? 1 : 0;
    }

    assertThat(sent).isEqualTo(rate);
  }

  @Test
  void eachClassHasItsOwnBucket() {
    RateLimiter.Gate gate = limiter(settings(0, List.of())).newGate();

    assertThat(sentListed(gate, "192.0.2.1", 50)).isEqualTo(10);
    assertThat(sent(gate, "192.0.2.1", Rcode.NXDOMAIN, 50)).isEqualTo(30);
    assertThat(sent(gate, "192.0.2.1", Rcode.REFUSED, 50)).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0} shares with {1}: {2}")
  @CsvSource({
    "192.0.2.1, 192.0.2.254, true",
    "192.0.2.1, 192.0.3.1, false",
    "2001:db8:0:ff::1, 2001:db8::2, true", // one /56: 2001:db8:0:0000-00ff::
    "2001:db8:0:ff::1, 2001:db8:0:100::1, false",
    "192.0.2.1, ::ffff:192.0.3.1, false",
    "192.0.2.1, ::c000:201, false", // the same 32 bits in IPv6 are another network
  })
  void countsAClientNetworkAsOne(String first, String second, boolean shared) {
    RateLimiter.Gate gate = limiter(settings(0, List.of())).newGate();

    assertThat(sentListed(gate, first, 50)).isEqualTo(10);

    assertThat(sentListed(gate, second, 50)).isEqualTo(shared ? 0 : 10);
  }

  @Test
  void cutsNetworksAtTheConfiguredPrefixLengths() {
    RateLimitSettings host = new RateLimitSettings(true, 10, 0, 0, 0, 0, 32, 128, List.of(), 1024);
    RateLimiter.Gate gate = limiter(host).newGate();

    assertThat(sentListed(gate, "192.0.2.1", 50)).isEqualTo(10);
    assertThat(sentListed(gate, "192.0.2.2", 50)).isEqualTo(10);
    assertThat(sentListed(gate, "2001:db8::1", 50)).isEqualTo(10);
    assertThat(sentListed(gate, "2001:db8::2", 50)).isEqualTo(10);
  }

  @Test
  void slipsEverySecondHeldBackAnswerAsAnEmptyTruncatedAnswer() throws Exception {
    RateLimiter limiter = limiter(settings(2, List.of()));
    RateLimiter.Gate gate = limiter.newGate();
    sentListed(gate, "192.0.2.1", 10);

    int[] outcomes = new int[6];
    byte[] slip = null;
    for (int i = 0; i < outcomes.length; i++) {
      byte[] answer = answer(Rcode.NOERROR, true);
      gate.batch();
      outcomes[i] = gate.limit(address("192.0.2.1"), answer, answer.length);
      if (outcomes[i] > 0) {
        slip = Arrays.copyOf(answer, outcomes[i]);
      }
    }

    assertThat(outcomes).containsExactly(-1, outcomes[1], -1, outcomes[1], -1, outcomes[1]);
    assertThat(outcomes[1]).isPositive().isLessThan(answer(Rcode.NOERROR, true).length);
    Message truncated = new Message(slip);
    assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(truncated.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(truncated.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(truncated.getQuestion().getName().toString()).isEqualTo(LISTED + ".");
    assertThat(truncated.getSection(Section.ANSWER)).isEmpty();
    assertThat(limiter.dropped(ResponseClass.RESPONSE)).isEqualTo(3);
    assertThat(limiter.slipped(ResponseClass.RESPONSE)).isEqualTo(3);
    assertThat(limiter.dropped()).isEqualTo(3);
    assertThat(limiter.slipped()).isEqualTo(3);
    assertThat(limiter.dropped(ResponseClass.NXDOMAIN)).isZero();
  }

  @ParameterizedTest(name = "slip {0}")
  @CsvSource({"0, 20, 0", "1, 0, 20", "3, 14, 6"})
  void slipCountsHeldBackAnswers(int slip, long dropped, long slipped) {
    RateLimiter limiter = limiter(settings(slip, List.of()));
    RateLimiter.Gate gate = limiter.newGate();

    sentListed(gate, "192.0.2.1", 30);

    assertThat(limiter.dropped()).isEqualTo(dropped);
    assertThat(limiter.slipped()).isEqualTo(slipped);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "127.0.0.1",
    "127.200.1.1",
    "::1",
    "198.51.100.77",
    "2001:db8:aa::53",
    "::ffff:198.51.100.1"
  })
  void neverLimitsExemptNetworks(String source) {
    RateLimiter limiter = limiter(exemptingFourNetworks());

    assertThat(sentListed(limiter.newGate(), source, 500)).isEqualTo(500);
    assertThat(limiter.dropped() + limiter.slipped()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"128.0.0.1", "::2", "198.51.101.1", "2001:db8:ab::53"})
  void limitsWhatTheExemptNetworksDoNotContain(String source) {
    assertThat(sentListed(limiter(exemptingFourNetworks()).newGate(), source, 500)).isEqualTo(10);
  }

  /** 10 listed answers a second, exempting 127.0.0.0/8, ::1, 198.51.100.0/24, 2001:db8:aa::/48. */
  private static RateLimitSettings exemptingFourNetworks() {
    return new RateLimitSettings(
        true,
        10,
        20,
        30,
        5,
        2,
        24,
        56,
        List.of("127.0.0.0/8", "::1", "198.51.100.0/24", "2001:db8:aa::/48"),
        1024);
  }

  @Test
  void exemptsLoopbackByDefault() {
    RateLimiter limiter = limiter(RateLimitSettings.defaults());

    assertThat(sentListed(limiter.newGate(), "127.0.0.1", 1000)).isEqualTo(1000);
    assertThat(sentListed(limiter.newGate(), "::1", 1000)).isEqualTo(1000);
    assertThat(sentListed(limiter.newGate(), "192.0.2.1", 1000)).isEqualTo(200);
  }

  @Test
  void aRateOfZeroLeavesThatClassUnlimited() {
    RateLimitSettings nxUnlimited =
        new RateLimitSettings(true, 10, 20, 0, 5, 2, 24, 56, List.of(), 1024);
    RateLimiter.Gate gate = limiter(nxUnlimited).newGate();

    assertThat(sent(gate, "192.0.2.1", Rcode.NXDOMAIN, 5000)).isEqualTo(5000);
    assertThat(sentListed(gate, "192.0.2.1", 50)).isEqualTo(10);
  }

  @Test
  void sendsEverythingWhenSwitchedOff() {
    RateLimiter limiter = limiter(RateLimitSettings.off());

    assertThat(sentListed(limiter.newGate(), "192.0.2.1", 5000)).isEqualTo(5000);
    assertThat(limiter.enabled()).isFalse();
  }

  @Test
  void readsTheClockOncePerBatchAndOnlyWhenAnAnswerIsLimited() {
    int[] reads = {0};
    RateLimiter limiter =
        new RateLimiter(
            settings(0, List.of("127.0.0.0/8")),
            () -> {
              reads[0]++;
              return nanos;
            },
            42);
    RateLimiter.Gate gate = limiter.newGate();
    byte[] listed = answer(Rcode.NOERROR, true);
    reads[0] = 0;

    gate.batch();
    for (int i = 0; i < 5; i++) {
      gate.limit(address("127.0.0.1"), listed.clone(), listed.length);
    }
    assertThat(reads[0]).as("exempt only").isZero();
    int sent = 0;
    for (int i = 0; i < 30; i++) {
      sent += gate.limit(address("192.0.2.1"), listed.clone(), listed.length) > 0 ? 1 : 0;
      advanceMillis(1000); // unseen until the next batch
    }
    assertThat(reads[0]).isEqualTo(1);
    assertThat(sent).isEqualTo(10);

    gate.batch();
    assertThat(gate.limit(address("192.0.2.1"), listed.clone(), listed.length)).isPositive();
    assertThat(reads[0]).isEqualTo(2);
  }

  @Test
  void gatesOfSeveralThreadsShareTheBuckets() {
    RateLimiter limiter = limiter(settings(0, List.of()));

    int sent = sentListed(limiter.newGate(), "192.0.2.1", 7);
    sent += sentListed(limiter.newGate(), "192.0.2.1", 7);

    assertThat(sent).isEqualTo(10);
  }

  @Test
  void keepsAFloodedNetworkLimitedWhileSpoofedRandomSourcesFillTheTable() {
    RateLimiter limiter = limiter(settings(0, List.of()));
    RateLimiter.Gate gate = limiter.newGate();
    int capacity = limiter.tableCapacity();
    Random random = new Random(7);

    int victim = 0;
    int resolver = 0;
    for (int round = 0; round < 200; round++) { // 2 s
      victim += sentListed(gate, "192.0.2.1", 50);
      resolver += sentListed(gate, "198.51.100.1", round % 20 == 0 ? 1 : 0); // 5 a second
      for (int i = 0; i < 100; i++) { // 100 new random networks every 10 ms: 20 times the table
        sentListed(gate, randomIp4(random), 1);
      }
      advanceMillis(10);
    }

    assertThat(limiter.tableCapacity()).isEqualTo(capacity).isEqualTo(1024);
    assertThat(victim).isLessThanOrEqualTo(40); // 10 + 10 a second, a little leak at most
    assertThat(resolver).isEqualTo(10);
  }

  private static String randomIp4(Random random) {
    return (random.nextInt(223) + 1)
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256);
  }

  /** A source as the endpoints give it: 16 bytes, IPv4 IPv4-mapped. */
  static byte[] address(String text) {
    try {
      byte[] ip = InetAddress.getByName(text).getAddress();
      if (ip.length == 16) {
        return ip;
      }
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(ip, 0, mapped, 12, 4);
      return mapped;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** An answer to the listed name with this rcode, with an A record or without. */
  static byte[] answer(int rcode, boolean records) {
    Message response = query(LISTED, "A");
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setRcode(rcode);
    if (records) {
      try {
        response.addRecord(
            new ARecord(
                DnsTestSupport.name(LISTED), DClass.IN, 300, InetAddress.getByName("127.0.0.2")),
            Section.ANSWER);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return response.toWire();
  }
}
