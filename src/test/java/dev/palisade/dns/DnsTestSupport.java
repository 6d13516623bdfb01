package dev.palisade.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds queries and prints answers compactly, for DNS tables. */
final class DnsTestSupport {

  private DnsTestSupport() {}

  /**
   * A query name: {@code <2001:db8::1>} inside the text is replaced by the address's 32 reversed
   * nibbles; the name is made absolute.
   */
  static Name name(String text) {
    int open = text.indexOf('<');
    if (open >= 0) {
      int close = text.indexOf('>', open);
      text =
          text.substring(0, open)
              + nibbles(text.substring(open + 1, close))
              + text.substring(close + 1);
    }
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The 32 reversed nibble labels of an IPv6 address, dot-separated, without a trailing dot. */
  static String nibbles(String ip6) {
    try {
      // Not InetAddress: it turns ::ffff:a.b.c.d into a four-byte IPv4 address.
      byte[] bytes = Address.toByteArray(ip6, Address.IPv6);
      List<String> labels = new ArrayList<>();
      for (int i = bytes.length - 1; i >= 0; i--) {
        labels.add(Integer.toHexString(bytes[i] & 0xf));
        labels.add(Integer.toHexString((bytes[i] >>> 4) & 0xf));
      }
      return String.join(".", labels);
    } catch (Exception e) {
      throw new IllegalArgumentException(ip6, e);
    }
  }

  static Message query(String name, String type) {
    return Message.newQuery(Record.newRecord(name(name), Type.value(type), DClass.IN));
  }

  static Message queryWithEdns(String name, String type, int payload, int version, int flags) {
    Message query = query(name, type);
    query.addRecord(new OPTRecord(payload, 0, version, flags), Section.ADDITIONAL);
    return query;
  }

  /**
   * The ANSWER section in short: A as the address, TXT as its strings joined, SOA as "SOA owner
   * serial", NS as "NS target"; records joined with " + ". Empty when there is none.
   */
  static String answers(Message response) {
    return response.getSection(Section.ANSWER).stream()
        .map(DnsTestSupport::brief)
        .collect(Collectors.joining(" + "));
  }

  /** The owner names of the SOA records in AUTHORITY, or "-" when there is none. */
  static String authority(Message response) {
    List<Record> records = response.getSection(Section.AUTHORITY);
    if (records.isEmpty()) {
      return "-";
    }
    return records.stream()
        .map(r -> r instanceof SOARecord ? r.getName().toString() : brief(r))
        .collect(Collectors.joining(" + "));
  }

  static String brief(Record r) {
    if (r instanceof TXTRecord txt) {
      return String.join("", txt.getStrings());
    }
    if (r instanceof SOARecord soa) {
      return "SOA " + soa.getName() + " " + soa.getSerial();
    }
    if (r instanceof NSRecord ns) {
      return "NS " + ns.getTarget();
    }
    return r.rdataToString();
  }
}
