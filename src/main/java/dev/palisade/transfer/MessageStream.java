package dev.palisade.transfer;

import dev.palisade.dns.TransferResponder;
import java.io.IOException;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Writes the answer of one zone transfer as a stream of DNS messages (RFC 5936 §2.2): records are
 * added one by one and go out in messages of about {@link #TARGET_SIZE} bytes, so memory stays
 * bounded whatever the zone's size. Owner names are compressed within each message.
 *
 * <p>With a TSIG key every message is signed (RFC 8945 §5.3.1): the first with the request's MAC
 * and all TSIG variables, each later one with the MAC before it and the timers only. Signing every
 * message, which the RFC allows, keeps a secondary from having to hold unsigned messages.
 *
 * <p>Used by one thread for one transfer; not thread-safe.
 */
final class MessageStream {

  /**
   * Bytes a message is filled to before the next one begins. 16 KB: large enough that headers and
   * signatures cost nothing, small enough that name compression (a linear scan per bucket in
   * dnsjava) stays cheap.
   */
  static final int TARGET_SIZE = 16 * 1024;

  /** The largest DNS message over TCP. */
  private static final int MAX_MESSAGE = 65535;

  private final TransferResponder.Messages out;
  private final int id;
  private final int flags;
  private final Record question;
  private final TSIG key;
  private TSIGRecord previous;
  private boolean first = true;

  private DNSOutput wire;
  private Compression compression;
  private int count;
  private long records;
  private long bytes;
  private int messages;

  /**
   * @param request the query being answered: its ID, RD flag and question are echoed
   * @param key the key the request was verified with, or null for an unsigned answer
   */
  MessageStream(TransferResponder.Messages out, Message request, TSIG key) {
    this.out = out;
    this.id = request.getHeader().getID();
    this.flags = request.getHeader().getFlag(Flags.RD) ? 0x8500 : 0x8400; // QR, AA (and RD)
    this.question = request.getQuestion();
    this.key = key;
    this.previous = key == null ? null : request.getTSIG();
    begin();
  }

  /** Adds one record to the answer, sending the message before when it is full. */
  void add(Record record) throws IOException {
    int mark = wire.current();
    write(record);
    if (wire.current() > TARGET_SIZE && count > 0) {
      // The record is left for the next message. Names compressed against its bytes are never
      // looked up again: this message ends here, and the next one has a table of its own.
      wire.jump(mark);
      send();
      begin();
      write(record);
    }
    if (wire.current() > MAX_MESSAGE - 512) {
      throw new IllegalStateException("a record of " + record.getName() + " is too large to send");
    }
    count++;
    records++;
  }

  /** Sends the last message. */
  void finish() throws IOException {
    send();
  }

  /** Records sent, messages sent and their bytes: for the log line of the transfer. */
  long records() {
    return records;
  }

  int messages() {
    return messages;
  }

  long bytes() {
    return bytes;
  }

  private void begin() {
    wire = new DNSOutput(TARGET_SIZE + 1024);
    compression = new Compression();
    count = 0;
    wire.writeU16(id);
    wire.writeU16(flags | Rcode.NOERROR);
    wire.writeU16(first && question != null ? 1 : 0); // the question in the first message only
    wire.writeU16(0); // ANCOUNT, set when sent
    wire.writeU16(0);
    wire.writeU16(0); // ARCOUNT: 1 once signed
    if (first && question != null) {
      question.getName().toWire(wire, compression);
      wire.writeU16(question.getType());
      wire.writeU16(question.getDClass());
    }
  }

  private void write(Record record) {
    record.getName().toWire(wire, compression);
    wire.writeU16(record.getType());
    wire.writeU16(record.getDClass());
    wire.writeU32(record.getTTL());
    byte[] rdata = record.rdataToWireCanonical();
    wire.writeU16(rdata.length);
    wire.writeByteArray(rdata);
  }

  private void send() throws IOException {
    wire.writeU16At(count, 6);
    byte[] message = wire.toByteArray();
    if (key != null) {
      message = sign(message);
    }
    out.send(message, message.length);
    first = false;
    messages++;
    bytes += message.length;
  }

  /** Appends the TSIG record of this message, chained to the one before (RFC 8945 §5.3.1). */
  private byte[] sign(byte[] message) {
    TSIGRecord tsig = key.generate(new Message(id), message, Rcode.NOERROR, previous, first);
    previous = tsig;
    byte[] record = tsig.toWire(Section.ADDITIONAL);
    byte[] signed = new byte[message.length + record.length];
    System.arraycopy(message, 0, signed, 0, message.length);
    System.arraycopy(record, 0, signed, message.length, record.length);
    signed[11] = 1; // ARCOUNT
    return signed;
  }
}
