package dev.palisade.dns;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.index.IndexSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks the DNS server's own {@link QueryHandler} in-process, so tools that explain an answer (the
 * lookup in the API and UI) show exactly what a mail server would get — no second implementation of
 * the answering rules. No sockets are used. Thread-safe.
 */
@Component
public class DnsLookup {

  private final QueryHandler handler;
  private final String baseZone;

  DnsLookup(QueryHandler handler, DnsSettings settings) {
    this.handler = handler;
    this.baseZone = settings.baseZone();
  }

  /**
   * A lookup with a handler of its own over the given snapshots, as the DNS server would answer
   * from them: for comparing another rendering of the zones (zone transfers) with the server.
   */
  public static DnsLookup over(DnsSettings settings, Supplier<IndexSnapshot> snapshots) {
    return new DnsLookup(new QueryHandler(settings, snapshots), settings);
  }

  /**
   * The query name a mail server sends to ask about an address or domain in one list of a scope:
   * reversed octets or nibbles for addresses, the name itself for domains.
   *
   * @param list the zone of the scope to ask in
   */
  public String queryName(String label, ListZone list, EntryValue asked) {
    return reversed(asked) + "." + zoneName(label, list);
  }

  /** The name of one of a scope's zones, e.g. {@code acme-mx1.bl.rbl.example.net}. */
  public String zoneName(String label, ListZone list) {
    return label + "." + list.label() + "." + baseZone;
  }

  /** The labels in front of the zone: octets or nibbles reversed (RFC 5782 §2.1, §2.4). */
  private static String reversed(EntryValue asked) {
    if (asked instanceof EntryValue.Ip4Network ip) {
      int a = ip.address();
      return (a & 0xff) + "." + ((a >>> 8) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + (a >>> 24);
    }
    if (asked instanceof EntryValue.Ip6Network ip) {
      StringBuilder out = new StringBuilder(64);
      for (int i = 0; i < 32; i++) {
        long half = i < 16 ? ip.low() : ip.high();
        int nibble = (int) (half >>> (4 * (i % 16))) & 0xf;
        out.append(Character.forDigit(nibble, 16)).append('.');
      }
      return out.substring(0, out.length() - 1);
    }
    return ((EntryValue.DomainPattern) asked).name();
  }

  /** What the server answers to an A and a TXT question for the name. */
  public DnsAnswer ask(String name) {
    Message a = query(name, Type.A);
    Message txt = query(name, Type.TXT);
    List<String> addresses =
        a.getSection(Section.ANSWER).stream()
            .filter(ARecord.class::isInstance)
            .map(r -> ((ARecord) r).getAddress().getHostAddress())
            .toList();
    List<String> texts =
        txt.getSection(Section.ANSWER).stream()
            .filter(TXTRecord.class::isInstance)
            .map(r -> String.join("", ((TXTRecord) r).getStrings()))
            .toList();
    return new DnsAnswer(name, Rcode.string(a.getRcode()), addresses, texts);
  }

  private Message query(String name, int type) {
    try {
      Message query =
          Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
      byte[] wire = query.toWire();
      byte[] answer = handler.answer(wire, wire.length, QueryHandler.Transport.TCP);
      return new Message(answer);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not a valid DNS name", e);
    } catch (IOException e) {
      throw new IllegalStateException("the DNS answer could not be read", e);
    }
  }

  /**
   * What DNS answers for one name.
   *
   * @param name the query name
   * @param rcode NOERROR, NXDOMAIN, ...
   * @param addresses the A records (return codes)
   * @param texts the TXT records, each joined into one string
   */
  public record DnsAnswer(String name, String rcode, List<String> addresses, List<String> texts) {

    /** Whether the name is listed in the zone. */
    public boolean listed() {
      return !addresses.isEmpty();
    }
  }
}
