package dev.palisade.transfer;

import dev.palisade.dns.TransferResponder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * The transfer server: answers AXFR (RFC 5936) and IXFR (RFC 1995) requests for the served zones
 * and the catalog zone, on the DNS server's TCP connections and, for IXFR, its UDP sockets.
 *
 * <ul>
 *   <li>Who may transfer is {@link TransferAccess}'s decision; refusals are logged once per address
 *       per interval ({@link RefusalLog}).
 *   <li>AXFR streams the zone: SOA, every record, SOA, in messages of about 16 KB ({@link
 *       MessageStream}); nothing but the message being filled is held.
 *   <li>IXFR answers the current SOA alone when the secondary is current; the condensed difference
 *       ({@link ZoneImage#since}) when there is one; otherwise — history pruned, the difference
 *       larger than the zone, or a serial newer than ours (the secondary holds a version we never
 *       served, say after a database restore) — the whole zone, as AXFR (RFC 1995 §4). Over UDP it
 *       answers the current SOA alone, which tells the secondary to ask over TCP (RFC 1995 §2).
 *   <li>SOA queries signed with a key (a secondary checking a serial) get a signed answer; the
 *       catalog's SOA is answered only to those allowed to transfer it.
 *   <li>A zone too large to render ({@link ZoneImage#tooLarge()}) is refused, with one log line,
 *       when the whole zone would be sent (AXFR, or IXFR without a difference): only then is its
 *       size counted, since counting renders the zone.
 * </ul>
 *
 * <p>Thread-safe: it keeps no state of its own but the refusal log; each transfer runs on the
 * connection's thread.
 */
public final class TransferServer implements TransferResponder {

  private static final Logger log = LoggerFactory.getLogger(TransferServer.class);

  private final OfferedZones zones;
  private final TransferAccess access;
  private final RefusalLog refusals;

  TransferServer(OfferedZones zones, TransferAccess access, RefusalLog refusals) {
    this.zones = zones;
    this.access = access;
    this.refusals = refusals;
  }

  @Override
  public boolean transfer(byte[] query, int length, InetAddress client, Messages out)
      throws IOException {
    byte[] wire = Arrays.copyOf(query, length);
    Message request = parse(wire);
    if (request == null) {
      return false; // the ordinary path answers FORMERR
    }
    Record question = request.getQuestion();
    Request req = admit(request, wire, client, question);
    if (req.answer != null) {
      send(out, req.answer);
      return true;
    }
    ZoneImage zone = req.zone;
    long started = System.nanoTime();
    // Only a transfer of the whole zone asks for its size: counting renders the zone, and a
    // secondary sent a difference or the current SOA must not wait for that.
    Optional<ZoneDelta> delta =
        question.getType() == Type.IXFR ? difference(request, zone) : Optional.empty();
    boolean current = question.getType() == Type.IXFR && upToDate(request, zone);
    if (!current && delta.isEmpty() && zone.tooLarge()) {
      refusals.refused(
          "zone " + zone.origin(),
          "zone transfer of "
              + zone.origin()
              + " refused: the zone has more records than palisade.transfer.max-records allows"
              + " (see 'What a secondary serves' in deploy/secondaries.md)");
      send(out, finish(response(request, Rcode.REFUSED), request, req.key));
      return true;
    }
    MessageStream stream = new MessageStream(out, request, req.key);
    String kind;
    try {
      if (question.getType() == Type.IXFR) {
        kind = incremental(request, zone, delta, stream);
      } else {
        whole(zone, stream);
        kind = "AXFR";
      }
      stream.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    String line = "{} of {} serial {} to {}: {} records in {} messages, {} bytes, {} ms";
    Object[] args = {
      kind,
      zone.origin(),
      zone.soa().getSerial(),
      client.getHostAddress(),
      stream.records(),
      stream.messages(),
      stream.bytes(),
      millis
    };
    log.info(line, args); // one line per transfer, as secondaries log theirs
    return true;
  }

  @Override
  public byte[] answer(byte[] query, int length, InetAddress client) {
    if (length < 12) {
      return null;
    }
    byte[] wire = Arrays.copyOf(query, length);
    Message request = parse(wire);
    if (request == null) {
      return null;
    }
    if (request.getQuestion().getType() == Type.SOA) {
      return soa(request, wire, client);
    }
    Request req = admit(request, wire, client, request.getQuestion());
    if (req.answer != null) {
      return req.answer.toWire();
    }
    // RFC 1995 §2: the current SOA alone, whether the secondary is current (nothing to send) or
    // not (the difference does not fit: ask again over TCP).
    return current(request, req.zone, req.key);
  }

  @Override
  public boolean secondary(InetAddress client) {
    return access.allows(client);
  }

  /**
   * A SOA query: a secondary checking a zone's serial. Signed, it needs a signed answer, which the
   * ordinary DNS path cannot give; for the catalog, only allowed secondaries get one at all. Any
   * other SOA query is left to the DNS path (null).
   */
  private byte[] soa(Message request, byte[] wire, InetAddress client) {
    Name qname = request.getQuestion().getName();
    boolean catalog = zones.isCatalog(qname);
    if (request.getTSIG() == null && !catalog) {
      return null;
    }
    TransferAccess.Decision decision = access.decide(request, wire, client);
    if (decision instanceof TransferAccess.Allowed allowed) {
      Optional<ZoneImage> zone =
          request.getQuestion().getDClass() == DClass.IN ? zones.zone(qname) : Optional.empty();
      if (zone.isEmpty()) {
        return null; // not the apex of a zone offered for transfer: an ordinary query
      }
      return current(request, zone.get(), allowed.key());
    }
    if (!catalog && decision instanceof TransferAccess.Refused) {
      return null; // a signed query from elsewhere: answered as any query, unsigned
    }
    return admit(request, wire, client, request.getQuestion()).answer.toWire();
  }

  /** The zone's current SOA alone, with AA, signed when the request was. */
  private static byte[] current(Message request, ZoneImage zone, TSIG key) {
    Message answer = response(request, Rcode.NOERROR);
    answer.getHeader().setFlag(Flags.AA);
    answer.addRecord(zone.soa(), Section.ANSWER);
    return finish(answer, request, key).toWire();
  }

  /** The outcome of access and zone checks: an answer to send now, or the zone to transfer. */
  private record Request(Message answer, ZoneImage zone, TSIG key) {}

  private Request admit(Message request, byte[] wire, InetAddress client, Record question) {
    TransferAccess.Decision decision = access.decide(request, wire, client);
    Name origin = question.getName();
    String who = client.getHostAddress();
    if (decision instanceof TransferAccess.Refused refused) {
      refusals.refused(
          who, "zone transfer of " + origin + " refused for " + who + ": " + refused.reason());
      return new Request(response(request, Rcode.REFUSED), null, null);
    }
    if (decision instanceof TransferAccess.TsigError error) {
      refusals.refused(
          who, "zone transfer of " + origin + " refused for " + who + ": " + error.reason());
      return new Request(tsigError(request, error), null, null);
    }
    TSIG key = ((TransferAccess.Allowed) decision).key();
    Optional<ZoneImage> found =
        question.getDClass() == DClass.IN ? zones.zone(origin) : Optional.empty();
    if (found.isEmpty()) {
      // RFC 5936 §2.2.1: not authoritative for the zone.
      return new Request(finish(response(request, Rcode.NOTAUTH), request, key), null, key);
    }
    ZoneImage zone = found.get();
    if (question.getType() == Type.IXFR && clientSoa(request) == null) {
      // RFC 1995 §3: the authority section holds the secondary's SOA.
      return new Request(finish(response(request, Rcode.FORMERR), request, key), null, key);
    }
    return new Request(null, zone, key);
  }

  /** AXFR: SOA, every record, SOA (RFC 5936 §2.2). */
  private static void whole(ZoneImage zone, MessageStream stream) throws IOException {
    SOARecord soa = zone.soa();
    stream.add(soa);
    zone.forEachRecord(
        record -> {
          try {
            stream.add(record);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    stream.add(soa);
  }

  /** Whether the secondary asking for IXFR already has the current serial. */
  private static boolean upToDate(Message request, ZoneImage zone) {
    return clientSoa(request).getSerial() == zone.soa().getSerial();
  }

  /**
   * The difference from the secondary's serial to the current one, when the change feed holds it:
   * empty when the secondary is current or ahead, the history is pruned or too large, or the feed
   * cannot be read.
   */
  private static Optional<ZoneDelta> difference(Message request, ZoneImage zone) {
    long theirs = clientSoa(request).getSerial();
    long ours = zone.soa().getSerial();
    if (Serial.compare(theirs, ours) >= 0) {
      return Optional.empty();
    }
    try {
      return zone.since(theirs);
    } catch (RuntimeException e) {
      // The change feed cannot be read (the database is down, say): the whole zone still can.
      log.warn(
          "IXFR of {}: the change feed cannot be read, sending the whole zone", zone.origin(), e);
      return Optional.empty();
    }
  }

  /** IXFR (RFC 1995 §4) with the difference found before; returns what was sent, for the log. */
  private static String incremental(
      Message request, ZoneImage zone, Optional<ZoneDelta> delta, MessageStream stream)
      throws IOException {
    SOARecord current = zone.soa();
    long theirs = clientSoa(request).getSerial();
    if (theirs == current.getSerial()) {
      stream.add(current); // up to date: the current SOA alone
      return "IXFR (current)";
    }
    if (delta.isEmpty()) {
      whole(zone, stream); // pruned, too large, or a serial we never served: AXFR in IXFR's place
      return "IXFR as AXFR from serial " + theirs;
    }
    ZoneDelta d = delta.get();
    stream.add(current);
    stream.add(soaWithSerial(current, d.fromSerial()));
    for (Record record : d.removed()) {
      stream.add(record);
    }
    stream.add(soaWithSerial(current, d.toSerial()));
    for (Record record : d.added()) {
      stream.add(record);
    }
    stream.add(current);
    return "IXFR from serial " + theirs;
  }

  private static SOARecord soaWithSerial(SOARecord soa, long serial) {
    return new SOARecord(
        soa.getName(),
        soa.getDClass(),
        soa.getTTL(),
        soa.getHost(),
        soa.getAdmin(),
        serial & 0xffffffffL,
        soa.getRefresh(),
        soa.getRetry(),
        soa.getExpire(),
        soa.getMinimum());
  }

  /** The SOA a secondary sends with IXFR, or null. */
  private static SOARecord clientSoa(Message request) {
    for (Record record : request.getSection(Section.AUTHORITY)) {
      if (record instanceof SOARecord soa
          && soa.getName().equals(request.getQuestion().getName())) {
        return soa;
      }
    }
    return null;
  }

  private static Message parse(byte[] wire) {
    try {
      Message request = new Message(wire);
      return request.getQuestion() == null ? null : request;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** An answer with the request's ID, RD and question, and this rcode. */
  private static Message response(Message request, int rcode) {
    Message response = new Message(request.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    if (request.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.getHeader().setRcode(rcode);
    response.addRecord(request.getQuestion(), Section.QUESTION);
    return response;
  }

  /** Signs the answer with the request's key, when it had one that verified. */
  private static Message finish(Message response, Message request, TSIG key) {
    if (key != null) {
      key.apply(response, request.getTSIG());
    }
    return response;
  }

  /**
   * NOTAUTH carrying the TSIG error (RFC 8945 §5.2.1-5.2.3): unsigned for BADKEY and BADSIG, whose
   * key the client and we do not share; signed with the server's time for BADTIME.
   */
  private static Message tsigError(Message request, TransferAccess.TsigError error) {
    Message response = response(request, Rcode.NOTAUTH);
    TSIGRecord theirs = request.getTSIG();
    if (error.key() != null) {
      error.key().apply(response, error.error(), theirs);
      return response;
    }
    response.addRecord(
        new TSIGRecord(
            theirs.getName(),
            DClass.ANY,
            0,
            theirs.getAlgorithm(),
            Instant.now(),
            theirs.getFudge(),
            new byte[0],
            request.getHeader().getID(),
            error.error(),
            null),
        Section.ADDITIONAL);
    return response;
  }

  private static void send(Messages out, Message answer) throws IOException {
    byte[] wire = answer.toWire();
    out.send(wire, wire.length);
  }
}
