package dev.palisade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * A small {@code dig} for tests: real packets to a DNS server on 127.0.0.1, from 127.0.0.1 or
 * another loopback address ({@link #from}), so that tests can be different clients.
 */
public final class Dig {

  private final int port;

  /** The local address queries are sent from; null for the system's choice. */
  private final String source;

  public Dig(int port) {
    this(port, null);
  }

  private Dig(int port, String source) {
    this.port = port;
    this.source = source;
  }

  /** The same, asking from {@code source}, a local address such as {@code 127.0.0.2}. */
  public Dig from(String source) {
    return new Dig(port, source);
  }

  /** Asks over UDP. */
  public Message udp(String name, int type) {
    return ask(name, type, false);
  }

  /** Asks over TCP. */
  public Message tcp(String name, int type) {
    return ask(name, type, true);
  }

  /** The A answers as dotted quads, in order. */
  public static List<String> addresses(Message answer) {
    return answer.getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }

  /** The TXT answers, each joined into one string. */
  public static List<String> texts(Message answer) {
    return answer.getSection(Section.ANSWER).stream()
        .filter(TXTRecord.class::isInstance)
        .map(r -> String.join("", ((TXTRecord) r).getStrings()))
        .toList();
  }

  /** The rcode's mnemonic, e.g. NOERROR or NXDOMAIN. */
  public static String rcode(Message answer) {
    return Rcode.string(answer.getRcode());
  }

  /** The records of a section. */
  public static List<Record> section(Message answer, int section) {
    return answer.getSection(section);
  }

  private Message ask(String name, int type, boolean tcp) {
    try {
      SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
      resolver.setTCP(tcp);
      if (source != null) {
        resolver.setLocalAddress(new InetSocketAddress(source, 0));
      }
      resolver.setTimeout(Duration.ofSeconds(3));
      Message query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, 1));
      return resolver.send(query);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
