package dev.palisade.dns;

import dev.palisade.dnsbl.ListKind;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The records a listed name answers with (DESIGN §3): {@code A} = the entry's return code, {@code
 * TXT} = its reason, or the list's default text, with {@code $} replaced by a subject. The dnsjava
 * path of the DNS server answers with them and zone transfers render zones with them, so a
 * secondary's records are built exactly like Palisade's answers. Immutable and thread-safe.
 */
public final class AnswerRecords {

  private final long ttl;
  private final String blockTxt;
  private final String allowTxt;

  public AnswerRecords(DnsSettings settings) {
    this.ttl = settings.ttl();
    this.blockTxt = settings.blockTxt();
    this.allowTxt = settings.allowTxt();
  }

  /**
   * The TXT template of a winning entry: its reason, or the list's default text when it has none.
   */
  public String template(ListKind kind, String reason) {
    if (reason != null) {
      return reason;
    }
    return kind == ListKind.BLOCK ? blockTxt : allowTxt;
  }

  /** The A record of a listed name: the return code, a 32-bit address in 127.0.0.0/8. */
  public Record a(Name owner, int returnCode) {
    byte[] rdata = {
      (byte) (returnCode >>> 24),
      (byte) (returnCode >>> 16),
      (byte) (returnCode >>> 8),
      (byte) returnCode
    };
    return Record.newRecord(owner, Type.A, DClass.IN, ttl, rdata);
  }

  /** The TXT record of a listed name: the template with {@code $} replaced by the subject. */
  public Record txt(Name owner, String template, String subject) {
    byte[] rdata = TxtTemplate.rdata(text(template, subject));
    return Record.newRecord(owner, Type.TXT, DClass.IN, ttl, rdata);
  }

  /** The text a TXT record carries: the template with {@code $} replaced by the subject. */
  public String text(String template, String subject) {
    return TxtTemplate.render(template, subject);
  }

  /** The TTL of the records of listed names. */
  public long ttl() {
    return ttl;
  }
}
