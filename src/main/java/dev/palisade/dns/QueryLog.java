package dev.palisade.dns;

import dev.palisade.dnsbl.AsciiLabels;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReversedName;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The query log: one line per chosen query, to the logger {@value #LOGGER} at INFO, for finding out
 * why a mail server got the answer it got. Off by default. It chooses one query in {@code N} at
 * random ({@link QueryLogSettings#sample}), and every query of one zone label: the one set in
 * {@link QueryLogSettings#zone}, or one an operator follows for a while ({@link #follow}).
 *
 * <p>A line holds the client's address, the transport, the question, the rcode, the answer's
 * records and, for a name in a list zone, where the lookup tool tells which entry decided: {@code
 * lookup="scope=acme-mx1 list=bl value=192.0.2.1"} is what the lookup page of that scope answers
 * for that value, with the entry that won and those it beat.
 *
 * <p>The DNS path asks {@link #wants} for every answered query: while the log is off, that is one
 * volatile read. Only for a chosen query does the server find the client's address and call {@link
 * #write}, which decodes the query and the answer with dnsjava. Thread-safe: the plan is immutable
 * and swapped through an atomic reference; a follow that ends is replaced by compare-and-set, so a
 * follow an operator starts at that moment is never lost.
 */
public final class QueryLog {

  /** The logger the lines go to; route it with the usual logging settings. */
  public static final String LOGGER = "palisade.querylog";

  /** A query log that stays off whatever happens; for servers without one. */
  static final QueryLog OFF = new QueryLog(QueryLogSettings.OFF, "invalid", Clock.systemUTC());

  private static final Logger lines = LoggerFactory.getLogger(LOGGER);

  private final QuestionZones zones;
  private final Clock clock;
  private final Duration maxFollow;

  /** What the settings ask for, null when nothing: the plan once a follow ends. */
  private final Plan configured;

  /** What is logged now; null when nothing, so the DNS path reads just this (a volatile read). */
  private final AtomicReference<Plan> plan = new AtomicReference<>();

  /**
   * @param settings sampling, a zone to log and the longest follow
   * @param baseZone the base zone every served zone hangs under
   * @param clock tells when a follow ends
   */
  public QueryLog(QueryLogSettings settings, String baseZone, Clock clock) {
    this.zones = new QuestionZones(baseZone);
    this.clock = clock;
    this.maxFollow = settings.maxFollow();
    String zone = settings.zone().toLowerCase(Locale.ROOT);
    this.configured =
        settings.sample() == 0 && zone.isEmpty()
            ? null
            : new Plan(settings.sample(), zone.isEmpty() ? null : zone, Long.MAX_VALUE);
    this.plan.set(configured);
  }

  /**
   * What is logged now: {@code sample} 0 means no sampling, {@code zone} null no zone, {@code
   * until} null a zone set in the settings (no end).
   */
  public record Status(int sample, String zone, Instant until) {}

  /** What is logged now. */
  public Status status() {
    Plan now = current();
    if (now == null) {
      return new Status(0, null, null);
    }
    return new Status(
        now.oneIn,
        now.zoneName,
        now.zoneName == null || now.until == Long.MAX_VALUE
            ? null
            : Instant.ofEpochMilli(now.until));
  }

  /**
   * Logs every query of the zone label {@code label} (its four lists) from now for {@code
   * duration}; sampling goes on as set. Replaces an earlier follow, or the zone of the settings
   * until this one ends.
   *
   * @throws IllegalArgumentException naming the problem when the label is not one DNS label or the
   *     duration is not positive or longer than {@link QueryLogSettings#maxFollow}
   */
  public Status follow(String label, Duration duration) {
    if (label == null || !label.matches("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")) {
      throw new IllegalArgumentException(
          "zone must be one zone label (letters, digits, '-' or '_', at most 63)");
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the duration must be positive");
    }
    if (duration.compareTo(maxFollow) > 0) {
      throw new IllegalArgumentException(
          "the duration may be at most "
              + maxFollow.toMinutes()
              + " minutes (palisade.dns.query-log.max-follow)");
    }
    int sample = configured == null ? 0 : configured.oneIn;
    plan.set(
        new Plan(sample, label.toLowerCase(Locale.ROOT), clock.millis() + duration.toMillis()));
    return status();
  }

  /** Ends a follow: back to what the settings ask for. */
  public Status stop() {
    plan.set(configured);
    return status();
  }

  /**
   * Whether the query just answered is to be logged: never while the log is off (one volatile
   * read), one in {@code N} at random while sampling, every query of the followed zone. Allocates
   * nothing; never throws.
   */
  public boolean wants(byte[] query, int queryLength) {
    Plan now = plan.get();
    if (now == null) {
      return false;
    }
    return wants(now, query, queryLength);
  }

  private boolean wants(Plan now, byte[] query, int queryLength) {
    if (now.oneIn > 0 && ThreadLocalRandom.current().nextInt(now.oneIn) == 0) {
      return true;
    }
    if (now.zone == null) {
      return false;
    }
    if (now.until != Long.MAX_VALUE && clock.millis() >= now.until) {
      // The follow is over. Only this plan is replaced: a follow() that came meanwhile stays.
      plan.compareAndSet(now, configured);
      return configured != null && wants(configured, query, queryLength);
    }
    int located = zones.locate(query, queryLength);
    return located != QuestionZones.NONE
        && AsciiLabels.equalsIgnoreCase(query, QuestionZones.scopeAt(located), now.zone);
  }

  private Plan current() {
    Plan now = plan.get();
    if (now != null && now.until != Long.MAX_VALUE && clock.millis() >= now.until) {
      plan.compareAndSet(now, configured);
      return plan.get();
    }
    return now;
  }

  /**
   * Writes the line of one query and its answer. Decodes both with dnsjava, so it belongs only
   * after {@link #wants} said yes. Never throws; an undecodable message is logged as such.
   *
   * @param client the sender's address, or null when not known
   */
  public void write(
      InetAddress client,
      boolean tcp,
      byte[] query,
      int queryLength,
      byte[] answer,
      int answerLength) {
    try {
      lines.info(line(client, tcp, query, queryLength, answer, answerLength));
    } catch (RuntimeException e) {
      lines.info(
          "client={} proto={} unreadable query or answer: {}",
          address(client),
          tcp ? "tcp" : "udp",
          e.toString());
    }
  }

  /** The line for one query and its answer. */
  String line(
      InetAddress client,
      boolean tcp,
      byte[] query,
      int queryLength,
      byte[] answer,
      int answerLength) {
    StringBuilder line = new StringBuilder(160);
    line.append("client=").append(address(client));
    line.append(" proto=").append(tcp ? "tcp" : "udp");
    Message q = decode(query, queryLength);
    Message a = decode(answer, answerLength);
    Record question = q == null ? null : q.getQuestion();
    if (question == null) {
      line.append(" qname=- qtype=-");
    } else {
      // dnsjava escapes every byte that is not printable (\DDD): no line breaks from a query.
      line.append(" qname=").append(question.getName());
      line.append(" qtype=").append(Type.string(question.getType()));
    }
    if (a == null) {
      line.append(" rcode=- answer=-");
    } else {
      line.append(" rcode=").append(Rcode.string(a.getRcode()));
      StringJoiner records = new StringJoiner("; ", "\"", "\"").setEmptyValue("-");
      for (Record r : a.getSection(Section.ANSWER)) {
        records.add(Type.string(r.getType()) + " " + r.rdataToString().replace("\"", "'"));
      }
      line.append(" answer=").append(records);
      if (a.getHeader().getFlag(Flags.TC)) {
        line.append(" truncated");
      }
    }
    String lookup = lookup(query, queryLength);
    if (lookup != null) {
      line.append(" lookup=\"").append(lookup).append('"');
    }
    return line.toString();
  }

  /**
   * Where the lookup tool answers which entry decided: the scope label, the list and the value the
   * name asks about; null for a name in no list zone or with nothing in front of the zone.
   */
  private String lookup(byte[] query, int queryLength) {
    int located = zones.locate(query, queryLength);
    if (located == QuestionZones.NONE || !QuestionZones.belowApex(located)) {
      return null;
    }
    int scopeAt = QuestionZones.scopeAt(located);
    ListZone list = QuestionZones.list(located);
    String scope =
        new String(query, scopeAt + 1, query[scopeAt] & 0xff, StandardCharsets.US_ASCII)
            .toLowerCase(Locale.ROOT);
    String value = list.addresses() ? address(query, scopeAt) : domain(query, scopeAt);
    return "scope=" + scope + " list=" + list.label() + " value=" + (value == null ? "-" : value);
  }

  /** The address a reversed name in front of the scope label spells, or null. */
  private static String address(byte[] query, int scopeAt) {
    ReversedName reversed = new ReversedName();
    ReversedName.Form form = reversed.read(query, Wire.HEADER, scopeAt - Wire.HEADER);
    if (form == ReversedName.Form.IP4) {
      return new EntryValue.Ip4Network(reversed.ip4(), 32).canonical();
    }
    if (form == ReversedName.Form.IP6) {
      return new EntryValue.Ip6Network(reversed.high(), reversed.low(), 128).canonical();
    }
    return null;
  }

  /** The domain name in front of the scope label, lower case, or null if not a host name. */
  private static String domain(byte[] query, int scopeAt) {
    StringBuilder name = new StringBuilder();
    for (int at = Wire.HEADER; at < scopeAt; at += 1 + (query[at] & 0xff)) {
      if (name.length() > 0) {
        name.append('.');
      }
      if (!Labels.appendHostLabel(query, at, name)) {
        return null;
      }
    }
    return name.toString();
  }

  /** The client's address as the entries write addresses (IPv6 compressed, RFC 5952); or -. */
  private static String address(InetAddress client) {
    if (client == null) {
      return "-";
    }
    byte[] bytes = client.getAddress();
    if (bytes.length == 16) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new EntryValue.Ip6Network(b.getLong(), b.getLong(), 128).canonical();
    }
    return client.getHostAddress();
  }

  private static Message decode(byte[] wire, int length) {
    try {
      return new Message(Arrays.copyOf(wire, length));
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * What is logged: one in {@code oneIn} queries (0: no sampling), every query of the zone label
   * {@code zone} (lower-case bytes; null: none) until {@code until} (epoch millis; {@link
   * Long#MAX_VALUE}: no end).
   */
  private record Plan(int oneIn, byte[] zone, String zoneName, long until) {
    Plan(int oneIn, String zoneName, long until) {
      this(
          oneIn,
          zoneName == null ? null : zoneName.getBytes(StandardCharsets.US_ASCII),
          zoneName,
          until);
    }
  }
}
